// echo_http.thrift: kitex/idl/echo.thrift with HTTP annotations. The
// annotations only tell an HTTP generic client how to map a request to the
// call; the service on the wire is the same, so the same server answers it.
namespace go echo

struct EchoRequest {
    1: string message (api.path="message")
    2: i32 delay_ms (api.query="delay_ms")
}

struct EchoResponse {
    1: string message (api.body="message")
}

service EchoService {
    EchoResponse Echo(1: EchoRequest req) (api.get="/echo/:message")
}
