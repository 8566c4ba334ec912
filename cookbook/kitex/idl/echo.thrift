// echo.thrift: the service used by the Kitex recipes of the cookbook.
namespace go echo

struct EchoRequest {
    1: string message
    // How long the server waits before it answers (used by the timeout recipe).
    2: i32 delay_ms
}

struct EchoResponse {
    1: string message
}

service EchoService {
    EchoResponse Echo(1: EchoRequest req)
}
