package main

import (
	"errors"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// Processes that ignore SIGTERM are killed once the grace period is over,
// every one of them, and stopAll returns soon after.
func TestStopAllKillsEveryProcessThatOutlivesTheGracePeriod(t *testing.T) {
	d := &demo{logDir: t.TempDir()}
	t.Cleanup(func() { // if stopAll failed: nothing started here outlives the test
		for _, p := range d.procs {
			if !p.exited() {
				_ = syscall.Kill(p.cmd.Process.Pid, syscall.SIGKILL)
			}
		}
	})
	for _, name := range []string{"deaf one", "deaf two", "deaf three"} {
		if err := d.start(name, "", "/bin/sh", []string{"-c", "trap '' TERM; while :; do sleep 0.1; done"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.start("polite", "", "/bin/sh", []string{"-c", "while :; do sleep 0.1; done"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the shells have set their traps
	returned := make(chan struct{})
	go func() {
		d.stopAll()
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(30 * time.Second):
		t.Fatal("stopAll still waits 30 s after the SIGTERM")
	}
	for _, p := range d.procs {
		var exit *exec.ExitError
		if !errors.As(p.err, &exit) {
			t.Fatalf("%s: want a process ended by a signal, got %v", p.name, p.err)
		}
		status := exit.Sys().(syscall.WaitStatus)
		want := syscall.SIGKILL
		if p.name == "polite" {
			want = syscall.SIGTERM
		}
		if !status.Signaled() || status.Signal() != want {
			t.Errorf("%s: ended with %v, want %v", p.name, p.err, want)
		}
	}
}
