package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/**
 * A provider's public identity: providers are identifiable and legally responsible (whitepaper 3.1).
 * {@code slaUptimeBps} is the promised uptime in basis points (99.9% = 9990).
 */
public record ProviderProfile(String name, String legalName, String country, String email, String website,
                              int slaUptimeBps, String description) {
    static final int TEXT_SIZE_BYTES_MAX = 512;

    void encode(Writer writer) {
        writer.string(name).string(legalName).string(country).string(email).string(website).u32(slaUptimeBps).string(description);
    }

    static ProviderProfile decode(Reader reader) throws DecodeException {
        String name = reader.string(TEXT_SIZE_BYTES_MAX, "name");
        String legal_name = reader.string(TEXT_SIZE_BYTES_MAX, "legal_name");
        String country = reader.string(TEXT_SIZE_BYTES_MAX, "country");
        String email = reader.string(TEXT_SIZE_BYTES_MAX, "email");
        String website = reader.string(TEXT_SIZE_BYTES_MAX, "website");
        long sla = reader.u32("sla_uptime");
        if (sla > 10_000) {
            throw new DecodeException("sla_uptime: at most 10000 basis points (100%)");
        }
        return new ProviderProfile(name, legal_name, country, email, website, (int) sla, reader.string(TEXT_SIZE_BYTES_MAX, "description"));
    }
}
