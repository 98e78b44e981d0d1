package dcloud.node.api;

/** A request the API refuses, with the HTTP status, a stable code and a message naming the field and rule. */
final class ApiError extends RuntimeException {
    final int http_status;
    final String code;

    ApiError(int http_status, String code, String message) {
        super(message);
        this.http_status = http_status;
        this.code = code;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }

    static ApiError busy(String message) {
        return new ApiError(503, "busy", message);
    }
}
