// Command binding decodes a request into a struct with c.BindAndValidate and
// rejects invalid input with 400 Bad Request.
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

// [request]
// SignupRequest takes values from three places: the path, the query string
// and the JSON body. The vd tag holds a validation expression; $ is the
// field's value and msg sets the error text.
type SignupRequest struct {
	Team   string `path:"team"`
	DryRun bool   `query:"dry_run"`
	Name   string `json:"name" vd:"@:len($)>0 && len($)<=20; msg:'name must be 1 to 20 characters'"`
	Email  string `json:"email" vd:"@:email($); msg:'email is not valid'"`
	Age    int    `json:"age" vd:"@:$>=13 && $<=130; msg:'age must be between 13 and 130'"`
}

// [/request]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	h := server.Default(server.WithHostPorts(*addr))

	h.POST("/teams/:team/signup", func(ctx context.Context, c *app.RequestContext) {
		var req SignupRequest
		// BindAndValidate first binds (a type error such as "age":"ten" fails
		// here), then runs the vd expressions.
		if err := c.BindAndValidate(&req); err != nil {
			c.JSON(consts.StatusBadRequest, utils.H{"error": err.Error()})
			return
		}
		c.JSON(consts.StatusOK, utils.H{
			"team": req.Team, "name": req.Name, "email": req.Email,
			"age": req.Age, "dry_run": req.DryRun,
		})
	})

	h.Spin()
}
