// Command file-upload accepts multipart uploads with a size limit, and sends
// files back as downloads with a Content-Disposition header.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

const (
	// maxBody is the limit of a whole request body, checked by the server
	// against Content-Length before any handler runs. Hertz's default is 4 MiB;
	// it is small here so that the demo files stay small.
	maxBody = 1 << 20 // 1 MiB
	// maxFile is the limit of one uploaded file, checked by the handler.
	maxFile = 256 << 10 // 256 KiB
)

// [upload]
// upload stores the form file "file" in dir under its base name.
func upload(dir string) app.HandlerFunc {
	return func(ctx context.Context, c *app.RequestContext) {
		file, err := c.FormFile("file")
		if err != nil {
			c.JSON(consts.StatusBadRequest, utils.H{"error": "a multipart form with a field \"file\" is required"})
			return
		}
		if file.Size > maxFile {
			c.JSON(consts.StatusRequestEntityTooLarge, utils.H{
				"error": fmt.Sprintf("%s is %d bytes; the limit is %d", file.Filename, file.Size, maxFile),
			})
			return
		}
		// Never trust the client's file name: keep the last element only.
		name := filepath.Base(file.Filename)
		if name == "." || name == "/" || strings.HasPrefix(name, ".") {
			c.JSON(consts.StatusBadRequest, utils.H{"error": "bad file name"})
			return
		}
		if err := c.SaveUploadedFile(file, filepath.Join(dir, name)); err != nil {
			c.JSON(consts.StatusInternalServerError, utils.H{"error": "could not store the file"})
			return
		}
		c.JSON(consts.StatusCreated, utils.H{"name": name, "size": file.Size, "note": c.PostForm("note")})
	}
}

// [/upload]

// [download]
// download sends a stored file as an attachment under its own name.
func download(dir string) app.HandlerFunc {
	return func(ctx context.Context, c *app.RequestContext) {
		name := filepath.Base(c.Param("name"))
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); err != nil {
			c.String(consts.StatusNotFound, "no file %q\n", name)
			return
		}
		// Content-Disposition: attachment; filename="<name>"
		c.FileAttachment(path, name)
	}
}

// report builds a file in memory and offers it under a non-ASCII name: the
// plain filename is an ASCII fallback, filename* the UTF-8 name (RFC 6266).
func report(ctx context.Context, c *app.RequestContext) {
	c.Header("Content-Disposition",
		`attachment; filename="report.csv"; filename*=UTF-8''`+url.PathEscape("报告.csv"))
	c.Data(consts.StatusOK, "text/csv; charset=utf-8", []byte("id,name\n1,tea\n"))
}

// [/download]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	dir := flag.String("dir", "uploads", "folder for uploaded files")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}

	// [server]
	h := server.Default(
		server.WithHostPorts(*addr),
		server.WithMaxRequestBodySize(maxBody),
	)
	h.POST("/upload", upload(*dir))
	h.GET("/download/:name", download(*dir))
	h.GET("/report", report)
	// [/server]
	h.Spin()
}
