// numbers.thrift: the NumberService of the gRPC streaming recipe, in Thrift,
// for TTHeader streaming. The annotation streaming.mode gives each method its shape.
namespace go numbers

struct CountRequest {
    1: i64 upto      // count from 1 up to this number
    2: i64 fail_at   // if > 0, end the stream with an error instead of sending this number
    3: i64 stall_at  // if > 0, wait before this number until the client goes away
}

struct Number {
    1: i64 value
}

struct Total {
    1: i64 sum
    2: i64 count
}

service NumberService {
    // Server streaming: one request, a stream of answers.
    Number Count(1: CountRequest req) (streaming.mode="server")
    // Client streaming: a stream of requests, one answer.
    Total Sum(1: Number req) (streaming.mode="client")
    // Bidirectional streaming: an answer to every request, on one stream.
    Total RunningSum(1: Number req) (streaming.mode="bidirectional")
    // An ordinary call, in the same service.
    Total Add(1: Number a, 2: Number b)
}
