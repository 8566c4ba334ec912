// greeter.thrift, first version: one HTTP method. The annotations in
// parentheses tell hz where each field comes from and which route serves it.
namespace go greeter

struct HelloReq {
    1: string Name (api.query="name", api.vd="len($) > 0");
}

struct HelloResp {
    1: string Message;
}

service Greeter {
    HelloResp Hello(1: HelloReq req) (api.get="/hello");
}
