// Command client uploads files with Hertz's HTTP client and prints what
// comes back. It does not send a file larger than the server's body limit:
// past that limit, whether the client sees the server's 413 or only a failed
// write depends on timing.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/protocol"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

// [upload]
func upload(c *client.Client, url, path string, size, maxBody int64) {
	// The multipart body is a little larger than the file, so a file that
	// reaches the limit would be refused too.
	if size >= maxBody {
		fmt.Printf("%s: not sent: %d bytes, and the server takes at most %d\n", path, size, maxBody)
		return
	}
	req, resp := protocol.AcquireRequest(), protocol.AcquireResponse()
	defer protocol.ReleaseRequest(req)
	defer protocol.ReleaseResponse(resp)
	req.SetMethod(consts.MethodPost)
	req.SetRequestURI(url)
	// SetFile adds a file part; the body is encoded as multipart/form-data.
	req.SetFile("file", path)
	req.SetMultipartFormData(map[string]string{"note": "sent by the Go client"})
	if err := c.Do(context.Background(), req, resp); err != nil {
		fmt.Printf("%s: error: %v\n", path, err)
		return
	}
	fmt.Printf("%s: %d %s\n", path, resp.StatusCode(), resp.Body())
}

// [/upload]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the file-upload server")
	maxBody := flag.Int64("max-body", 1<<20, "the server's limit of a request body, in bytes")
	flag.Parse()
	c, err := client.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	for _, path := range flag.Args() {
		info, err := os.Stat(path)
		if err != nil {
			log.Fatal(err)
		}
		upload(c, "http://"+*addr+"/upload", path, info.Size(), *maxBody)
	}
}
