package dcloud.client;

/** An error answer of the node API (or no answer), with its HTTP status and code. */
public final class ApiException extends Exception {
    public final int http_status;
    public final String code;

    public ApiException(int http_status, String code, String message) {
        super(message);
        this.http_status = http_status;
        this.code = code;
    }
}
