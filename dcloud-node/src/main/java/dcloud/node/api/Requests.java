package dcloud.node.api;

import io.javalin.http.Context;

/** Reading numbers from paths and query strings, with a 400 that names the parameter on bad input. */
final class Requests {
    private Requests() {}

    static long longParam(String name, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be an integer");
        }
    }

    static long pathLong(Context ctx, String name, String label) {
        return longParam(label, ctx.pathParam(name));
    }

    static long queryLong(Context ctx, String name, long fallback) {
        String text = ctx.queryParam(name);
        return text == null ? fallback : longParam(name, text);
    }

    static int queryInt(Context ctx, String name, int fallback) {
        long value = queryLong(ctx, name, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw ApiError.badRequest(name + " is out of range");
        }
        return (int) value;
    }

    /** The {@code limit} query parameter, between 1 and {@code max}. */
    static int limit(Context ctx, int fallback, int max) {
        int limit = queryInt(ctx, "limit", fallback);
        if (limit < 1 || limit > max) {
            throw ApiError.badRequest("limit must be between 1 and " + max);
        }
        return limit;
    }

    /** 64 hex digits (a 32-byte id), or a 400 naming {@code label}. */
    static byte[] hex32(String text, String label) {
        try {
            byte[] bytes = dcloud.core.bytes.Hex.decode(text);
            if (bytes.length == 32) {
                return bytes;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below with the rule
        }
        throw ApiError.badRequest(label + " must be 64 hex digits");
    }
}
