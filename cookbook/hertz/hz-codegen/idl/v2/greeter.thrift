// greeter.thrift, second version: Bye is new.
namespace go greeter

struct HelloReq {
    1: string Name (api.query="name", api.vd="len($) > 0");
}

struct HelloResp {
    1: string Message;
}

struct ByeReq {
    1: string Name (api.path="name");
}

struct ByeResp {
    1: string Message;
}

service Greeter {
    HelloResp Hello(1: HelloReq req) (api.get="/hello");
    ByeResp Bye(1: ByeReq req) (api.post="/bye/:name");
}
