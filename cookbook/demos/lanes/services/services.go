package main

import (
	"context"
	"fmt"
	"net"

	"github.com/cloudwego/hertz/pkg/app"
	hertzserver "github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/kitex/pkg/rpcinfo"
	"github.com/cloudwego/kitex/server"
	hertztracing "github.com/hertz-contrib/obs-opentelemetry/tracing"
	"github.com/kitex-contrib/obs-opentelemetry/tracing"

	"cookbook/demos/lanes/kitex_gen/bookinfo"
	"cookbook/demos/lanes/kitex_gen/bookinfo/detailsservice"
	"cookbook/demos/lanes/kitex_gen/bookinfo/ratingsservice"
	"cookbook/demos/lanes/kitex_gen/bookinfo/reviewsservice"
)

// serviceConfig is one process of the demo: which service, which version,
// where it listens and where the services it calls are.
type serviceConfig struct {
	Service string // productpage, reviews, ratings or details
	Version string // v1, v2, v3
	Addr    string // listen address
	XDS     string // control plane address (ADS)
	NDS     bool   // wait for Istio's name table (only under Istio)
	OTLP    string // where spans go (OTLP/gRPC)
	Reviews string // xDS name of reviews (productpage)
	Ratings string // xDS name of ratings (reviews v1 and v2)
	Details string // xDS name of details (productpage)
}

// hop records this process on a request's path.
func hop(ctx context.Context, service, version string) *bookinfo.Hop {
	return &bookinfo.Hop{Service: service, Version: version, Baggage: baggageOf(ctx)}
}

// ratings answers 1 star in v1 and 5 stars in v2.
type ratings struct{ version string }

func (r *ratings) GetRating(ctx context.Context, _ *bookinfo.RatingRequest) (*bookinfo.RatingResponse, error) {
	stars := int32(1)
	if r.version == "v2" {
		stars = 5
	}
	return &bookinfo.RatingResponse{Stars: stars, Path: []*bookinfo.Hop{hop(ctx, "ratings", r.version)}}, nil
}

// [reviews]
// reviews v1 and v2 ask ratings, through xDS; v3 shows no rating.
type reviews struct {
	version string
	ratings ratingsservice.Client // nil in v3
}

func (r *reviews) ListReviews(ctx context.Context, req *bookinfo.ReviewsRequest) (*bookinfo.ReviewsResponse, error) {
	resp := &bookinfo.ReviewsResponse{
		Text: "An extremely entertaining play by Shakespeare.",
		Path: []*bookinfo.Hop{hop(ctx, "reviews", r.version)},
	}
	if r.ratings == nil {
		return resp, nil
	}
	// The handler's ctx still holds the baggage that came in: passing it on
	// is all it takes to keep the next hop in the lane.
	rating, err := r.ratings.GetRating(ctx, &bookinfo.RatingRequest{ProductId: req.ProductId})
	if err != nil {
		return nil, err
	}
	resp.Stars = rating.Stars
	resp.Path = append(resp.Path, rating.Path...)
	return resp, nil
}

// [/reviews]

// details has a single version.
type details struct{}

func (*details) GetDetails(ctx context.Context, _ *bookinfo.DetailsRequest) (*bookinfo.DetailsResponse, error) {
	return &bookinfo.DetailsResponse{
		Title: "The Comedy of Errors", Pages: 200,
		Path: []*bookinfo.Hop{hop(ctx, "details", "v1")},
	}, nil
}

// productPage is what productpage answers, as JSON.
type productPage struct {
	Title   string          `json:"title"`
	Review  string          `json:"review"`
	Stars   int32           `json:"stars"`
	Path    []*bookinfo.Hop `json:"path"`
	Problem string          `json:"problem,omitempty"`
}

func runProductPage(cfg serviceConfig) error {
	reviewsCli, err := reviewsservice.NewClient(cfg.Reviews, xdsClientOptions()...)
	if err != nil {
		return err
	}
	detailsCli, err := detailsservice.NewClient(cfg.Details, xdsClientOptions()...)
	if err != nil {
		return err
	}
	// The OpenTelemetry tracer and middleware of Hertz: a server span for each
	// request, and the traceparent and baggage headers read into its context.
	tracer, tracing := hertztracing.NewServerTracer()
	h := hertzserver.New(tracer, hertzserver.WithHostPorts(cfg.Addr), hertzserver.WithDisablePrintRoute(true))
	h.Use(hertztracing.ServerMiddleware(tracing))
	// [productpage]
	h.GET("/productpage", func(ctx context.Context, c *app.RequestContext) {
		// ctx holds the request's baggage: passing it to each call keeps the
		// whole request in its lane.
		page := productPage{Path: []*bookinfo.Hop{hop(ctx, "productpage", cfg.Version)}}
		rv, err := reviewsCli.ListReviews(ctx, &bookinfo.ReviewsRequest{ProductId: "0"})
		if err != nil {
			page.Problem = err.Error()
			c.JSON(502, page)
			return
		}
		page.Review, page.Stars = rv.Text, rv.Stars
		page.Path = append(page.Path, rv.Path...)
		dt, err := detailsCli.GetDetails(ctx, &bookinfo.DetailsRequest{ProductId: "0"})
		if err != nil {
			page.Problem = err.Error()
			c.JSON(502, page)
			return
		}
		page.Title = dt.Title
		page.Path = append(page.Path, dt.Path...)
		c.JSON(200, page)
	})
	// [/productpage]
	return h.Run()
}

func kitexServerOptions(cfg serviceConfig) ([]server.Option, error) {
	addr, err := net.ResolveTCPAddr("tcp", cfg.Addr)
	if err != nil {
		return nil, err
	}
	return []server.Option{
		server.WithServiceAddr(addr),
		server.WithServerBasicInfo(&rpcinfo.EndpointBasicInfo{ServiceName: cfg.Service}),
		// A server span for each call, and the caller's trace context and
		// baggage put into the handler's context.
		server.WithSuite(tracing.NewServerSuite()),
	}, nil
}

// runService runs one process of the demo until it is stopped.
func runService(cfg serviceConfig) error {
	stop := startTracing(cfg.Service, cfg.Version, cfg.OTLP)
	defer stop()
	if cfg.Service == "productpage" || cfg.Service == "reviews" {
		if err := initXDS(cfg.XDS, cfg.NDS); err != nil {
			return err
		}
	}
	if cfg.Service == "productpage" {
		return runProductPage(cfg)
	}
	opts, err := kitexServerOptions(cfg)
	if err != nil {
		return err
	}
	switch cfg.Service {
	case "reviews":
		h := &reviews{version: cfg.Version}
		if cfg.Version != "v3" {
			if h.ratings, err = ratingsservice.NewClient(cfg.Ratings, xdsClientOptions()...); err != nil {
				return err
			}
		}
		return reviewsservice.NewServer(h, opts...).Run()
	case "ratings":
		return ratingsservice.NewServer(&ratings{version: cfg.Version}, opts...).Run()
	case "details":
		return detailsservice.NewServer(&details{}, opts...).Run()
	}
	return fmt.Errorf("unknown service %q", cfg.Service)
}
