package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// process is one program started by the demo. A goroutine waits for it from
// the moment it starts, so the demo learns at once when it exits, and reaps
// it: a process that died is never mistaken for one that runs.
type process struct {
	name string // e.g. "reviews v2"
	addr string // where it listens
	cmd  *exec.Cmd
	done chan struct{} // closed once the process has exited
	err  error         // how it exited; read only after done is closed
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// start runs a program in its own process group, with the environment the
// Kitex xDS client requires, its output in a log file.
func (d *demo) start(name, addr, binary string, args []string) error {
	logFile, err := os.Create(filepath.Join(d.logDir, strings.ReplaceAll(name, " ", "-")+".log"))
	if err != nil {
		return err
	}
	defer logFile.Close()
	cmd := exec.Command(binary, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Env = append(os.Environ(),
		"POD_NAMESPACE=default",
		"POD_NAME="+strings.ReplaceAll(name, " ", "-"),
		"INSTANCE_IP=127.0.0.1",
		"KITEX_XDS_SA_TOKEN_PATH="+os.DevNull, // no Kubernetes service account here
		"OTEL_BSP_SCHEDULE_DELAY=100",         // export spans every 100 ms, not every 5 s
	)
	if err := cmd.Start(); err != nil {
		return err
	}
	p := &process{name: name, addr: addr, cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	d.procs = append(d.procs, p)
	return nil
}

// exitedProcesses names every process that has exited, and how.
func (d *demo) exitedProcesses() []string {
	var out []string
	for _, p := range d.procs {
		if p.exited() {
			out = append(out, fmt.Sprintf("%s (pid %d) exited: %v", p.name, p.cmd.Process.Pid, p.err))
		}
	}
	return out
}

// explain adds to err the processes that have exited, the likely cause.
func (d *demo) explain(err error) error {
	if gone := d.exitedProcesses(); len(gone) > 0 {
		return fmt.Errorf("%w; %s", err, strings.Join(gone, "; "))
	}
	return err
}

// stopAll stops every process still running, by PID: SIGTERM, then SIGKILL
// for any still running after 3 seconds; then the control plane.
func (d *demo) stopAll() {
	stopped := 0
	for _, p := range d.procs {
		if !p.exited() {
			_ = syscall.Kill(p.cmd.Process.Pid, syscall.SIGTERM)
			stopped++
		}
	}
	// Done stays closed once the 3 seconds are over, so every process still
	// running then is killed, not only the first one found running.
	grace, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	for _, p := range d.procs {
		select {
		case <-p.done:
		case <-grace.Done():
			if !p.exited() {
				_ = syscall.Kill(p.cmd.Process.Pid, syscall.SIGKILL)
			}
			<-p.done
		}
	}
	if d.cp != nil {
		d.cp.Stop()
	}
	if stopped > 0 {
		fmt.Printf("\nstopped %d processes by PID, and the control plane\n", stopped)
	}
}

// freePorts reserves n distinct free ports on 127.0.0.1.
func freePorts(n int) ([]string, error) {
	var addrs []string
	var open []net.Listener
	defer func() {
		for _, l := range open {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		open = append(open, l)
		addrs = append(addrs, l.Addr().String())
	}
	return addrs, nil
}

// waitListening waits until p accepts TCP connections (at most 20 seconds),
// and gives up at once if p exits.
func waitListening(ctx context.Context, p *process) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	for {
		c, err := net.DialTimeout("tcp", p.addr, time.Second)
		if err == nil {
			return c.Close()
		}
		select {
		case <-p.done:
			return fmt.Errorf("%s exited before it listened on %s: %v", p.name, p.addr, p.err)
		case <-ctx.Done():
			return fmt.Errorf("%s did not listen on %s: %w", p.name, p.addr, errors.Join(err, ctx.Err()))
		case <-time.After(50 * time.Millisecond):
		}
	}
}
