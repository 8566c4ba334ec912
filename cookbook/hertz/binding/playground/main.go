// Command playground binds a request as the binding recipe does, but checks it
// with go-playground/validator and its validate tags instead of Hertz's vd
// expressions, plugged in through server.WithCustomValidatorFunc.
package main

import (
	"context"
	"errors"
	"flag"
	"reflect"
	"strings"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/go-playground/validator/v10"
)

// [request]
// SignupRequest is bound from the path, the query string and the JSON body as
// before; the rules are go-playground's validate tags.
type SignupRequest struct {
	Team   string `path:"team" validate:"required,alphanum"`
	DryRun bool   `query:"dry_run"`
	Name   string `json:"name" validate:"required,max=20"`
	Email  string `json:"email" validate:"required,email"`
	Age    int    `json:"age" validate:"gte=13,lte=130"`
}

// [/request]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	// [validator]
	validate := validator.New(validator.WithRequiredStructEnabled())
	// Report fields by the name the client sent (the json tag), not the Go name.
	validate.RegisterTagNameFunc(func(f reflect.StructField) string {
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			return name
		}
		return f.Name
	})

	h := server.Default(
		server.WithHostPorts(*addr),
		// c.BindAndValidate and c.Validate call this function with the bound
		// struct; Hertz's own vd tags are no longer checked.
		server.WithCustomValidatorFunc(func(_ *protocol.Request, req any) error {
			return validate.Struct(req)
		}),
	)
	// [/validator]

	// [handler]
	h.POST("/teams/:team/signup", func(ctx context.Context, c *app.RequestContext) {
		var req SignupRequest
		if err := c.BindAndValidate(&req); err != nil {
			// go-playground reports every rule that failed, not only the first.
			var failed validator.ValidationErrors
			if errors.As(err, &failed) {
				fields := utils.H{}
				for _, fe := range failed {
					fields[fe.Field()] = strings.TrimSuffix(fe.Tag()+"="+fe.Param(), "=")
				}
				c.JSON(consts.StatusBadRequest, utils.H{"invalid": fields})
				return
			}
			c.JSON(consts.StatusBadRequest, utils.H{"error": err.Error()})
			return
		}
		c.JSON(consts.StatusOK, utils.H{
			"team": req.Team, "name": req.Name, "email": req.Email,
			"age": req.Age, "dry_run": req.DryRun,
		})
	})
	// [/handler]

	h.Spin()
}
