// Package greeter is a small Hertz API whose routes are registered by one
// function, so that tests and main build exactly the same server.
package greeter

import (
	"context"
	"strings"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/cloudwego/hertz/pkg/route"
)

// [register]
// Register adds the greeter's routes to a Hertz engine.
func Register(r *route.Engine) {
	r.GET("/greet/:name", Greet)
	r.POST("/shout", Shout)
}

// Greet answers with a greeting; ?lang=zh switches the language.
func Greet(ctx context.Context, c *app.RequestContext) {
	name := c.Param("name")
	greeting := "hello"
	if c.Query("lang") == "zh" {
		greeting = "你好"
	}
	c.JSON(consts.StatusOK, utils.H{"greeting": greeting + ", " + name})
}

// Shout reads a JSON body {"text": "..."} and answers with it in capitals.
func Shout(ctx context.Context, c *app.RequestContext) {
	var in struct {
		Text string `json:"text" vd:"len($)>0"`
	}
	if err := c.BindAndValidate(&in); err != nil {
		c.JSON(consts.StatusBadRequest, utils.H{"error": "text is required"})
		return
	}
	c.JSON(consts.StatusOK, utils.H{"text": strings.ToUpper(in.Text)})
}

// [/register]
