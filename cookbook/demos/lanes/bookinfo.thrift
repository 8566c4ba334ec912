// The three Kitex services of the traffic-lanes demo. Every response names
// the process that produced it, so the caller can see the path a request took.
namespace go bookinfo

// One step of a request's path: which service and version answered, and the
// lane marker (the W3C baggage) it saw arrive.
struct Hop {
    1: string service
    2: string version
    3: string baggage
}

struct RatingRequest {
    1: string product_id
}

struct RatingResponse {
    1: i32 stars
    2: list<Hop> path
}

struct ReviewsRequest {
    1: string product_id
}

struct ReviewsResponse {
    1: string text
    // 0 when this version does not show ratings (reviews v3).
    2: i32 stars
    3: list<Hop> path
}

struct DetailsRequest {
    1: string product_id
}

struct DetailsResponse {
    1: string title
    2: i32 pages
    3: list<Hop> path
}

service RatingsService {
    RatingResponse GetRating(1: RatingRequest req)
}

service ReviewsService {
    ReviewsResponse ListReviews(1: ReviewsRequest req)
}

service DetailsService {
    DetailsResponse GetDetails(1: DetailsRequest req)
}
