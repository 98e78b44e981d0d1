package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import dcloud.core.crypto.DomainSignature;
import dcloud.core.crypto.KeyPair;
import java.nio.charset.StandardCharsets;

/**
 * A downloader's signed promise to pay one storage node for up to {@code bytesMax} bytes of one
 * contract's piece, at the node's egress price, if the node settles it on-ledger by
 * {@code expiresEpoch}. The node serves a piece only against such an order and settles the bytes it
 * served ({@link SettleEgress}); the ledger checks the signature and pays once per {@code serial}.
 * The signature covers {@link #DOMAIN}, the chain id and every field, so an order is good on one
 * chain, for one node, one piece and one amount only.
 */
public record EgressOrder(byte[] client, byte[] node, long contract, byte[] serial, long bytesMax, long expiresEpoch, byte[] signature) {
    public static final byte[] DOMAIN = "dcloud/egress-order/v1\0".getBytes(StandardCharsets.US_ASCII);
    /** The piece request header that carries an order, hex-encoded (client and node agree on it here). */
    public static final String HTTP_HEADER = "Dcloud-Egress-Order";
    public static final int SERIAL_SIZE_BYTES = 16;
    /** Encoded size: two keys, contract, serial, bytes, epoch, signature. */
    public static final int SIZE_BYTES = 32 + 32 + 8 + SERIAL_SIZE_BYTES + 8 + 8 + KeyPair.SIGNATURE_SIZE_BYTES;

    public static EgressOrder sign(KeyPair client, String chain_id, byte[] node, long contract, byte[] serial, long bytes_max, long expires_epoch) {
        byte[] unsigned = unsigned(client.publicKey(), node, contract, serial, bytes_max, expires_epoch);
        byte[] signature = DomainSignature.sign(client, DOMAIN, withChain(chain_id, unsigned));
        return new EgressOrder(client.publicKey(), node, contract, serial, bytes_max, expires_epoch, signature);
    }

    /** True when the client signed exactly these fields for {@code chain_id}. Pure: every replica checks it. */
    public boolean verify(String chain_id) {
        byte[] message = withChain(chain_id, unsigned(client, node, contract, serial, bytesMax, expiresEpoch));
        byte[] encoded = new byte[message.length + signature.length];
        System.arraycopy(message, 0, encoded, 0, message.length);
        System.arraycopy(signature, 0, encoded, message.length, signature.length);
        return DomainSignature.verify(client, DOMAIN, encoded, message.length);
    }

    private static byte[] unsigned(byte[] client, byte[] node, long contract, byte[] serial, long bytes_max, long expires_epoch) {
        return new Writer().fixed(client).fixed(node).u64(contract).fixed(serial).u64(bytes_max).u64(expires_epoch).toBytes();
    }

    private static byte[] withChain(String chain_id, byte[] unsigned) {
        return new Writer().string(chain_id).fixed(unsigned).toBytes();
    }

    public void encode(Writer writer) {
        writer.fixed(client).fixed(node).u64(contract).fixed(serial).u64(bytesMax).u64(expiresEpoch).fixed(signature);
    }

    public byte[] toBytes() {
        Writer writer = new Writer();
        encode(writer);
        return writer.toBytes();
    }

    public static EgressOrder decode(Reader reader, String field) throws DecodeException {
        return new EgressOrder(reader.fixed(32, field + ".client"), reader.fixed(32, field + ".node"), reader.u64(field + ".contract"),
                reader.fixed(SERIAL_SIZE_BYTES, field + ".serial"), reader.u64(field + ".bytes_max"), reader.u64(field + ".expires_epoch"),
                reader.fixed(KeyPair.SIGNATURE_SIZE_BYTES, field + ".signature"));
    }

    /** An order sent as bytes (a node's request header): exactly one order, or a DecodeException naming what is wrong. */
    public static EgressOrder fromBytes(byte[] bytes) throws DecodeException {
        Reader reader = new Reader(bytes);
        EgressOrder order = decode(reader, "order");
        reader.end("egress order");
        return order;
    }
}
