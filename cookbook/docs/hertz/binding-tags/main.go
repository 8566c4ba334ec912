// Command binding-tags binds query, header and default values into a struct
// and shows what required fields, defaults and vd rules do.
package main

import (
	"context"
	"flag"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

// [search]
type SearchRequest struct {
	// required: binding fails when the query parameter is missing.
	Query string `query:"q,required"`
	// default: used when the request does not carry the value.
	Page int `query:"page" default:"1" vd:"$>0; msg:'page must be positive'"`
	// One field may list several sources.
	Tenant string   `header:"X-Tenant" query:"tenant" default:"public"`
	Tags   []string `query:"tag"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	h := server.Default(server.WithHostPorts(*addr))
	h.GET("/search", func(ctx context.Context, c *app.RequestContext) {
		var req SearchRequest
		if err := c.BindAndValidate(&req); err != nil {
			c.JSON(consts.StatusBadRequest, utils.H{"error": err.Error()})
			return
		}
		c.JSON(consts.StatusOK, req)
	})
	h.Spin()
}

// [/search]
