// Command static-files serves a folder of files in two ways: Static with the
// defaults, and StaticFS with index files and byte ranges turned on.
package main

import (
	"flag"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	root := flag.String("root", "hertz/static-files/web", "folder to serve")
	flag.Parse()
	// The file server logs every missing file and refused folder as an error;
	// the demo requests some on purpose.
	hlog.SetLevel(hlog.LevelFatal)

	h := server.Default(server.WithHostPorts(*addr))

	// [routes]
	// The request path is appended to the root as it is:
	// GET /assets/site.css reads <root>/assets/site.css.
	// Static uses the defaults: no index files, no byte ranges.
	h.Static("/assets", *root)

	// StaticFS takes the same settings as fields of app.FS.
	h.StaticFS("/docs", &app.FS{
		Root:            *root,
		IndexNames:      []string{"index.html"}, // GET /docs/ serves docs/index.html
		AcceptByteRange: true,                   // honour Range: bytes=…
	})

	// A different URL prefix than the folder name: strip the first path
	// segment, so GET /files/docs/alphabet.txt reads <root>/docs/alphabet.txt.
	h.StaticFS("/files", &app.FS{
		Root:        *root,
		PathRewrite: app.NewPathSlashesStripper(1),
	})
	// [/routes]
	h.Spin()
}
