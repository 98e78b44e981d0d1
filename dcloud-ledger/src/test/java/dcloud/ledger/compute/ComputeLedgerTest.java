package dcloud.ledger.compute;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.crypto.KeyPair;
import dcloud.ledger.LedgerFixture;
import dcloud.ledger.market.MarketTest;
import dcloud.ledger.reputation.Reputation;
import dcloud.ledger.store.MemoryLedgerStore;
import dcloud.ledger.tx.AutoAccept;
import dcloud.ledger.tx.ComputeNodeRegistration;
import dcloud.ledger.tx.ContractAction;
import dcloud.ledger.tx.PublishOffering;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.Rent;
import dcloud.ledger.tx.ReportMismatch;
import dcloud.ledger.tx.TxResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Compute agents' registration, posted batch results and the on-ledger replica check. */
class ComputeLedgerTest {
    static final long DCT = 1_000_000_000L;
    static final byte[] JOB = "{\"kind\":\"wasm\",\"workload_sha256\":\"ab\"}".getBytes(StandardCharsets.UTF_8);

    final LedgerFixture chain = new LedgerFixture(new MemoryLedgerStore(), 5, 1_000 * DCT, Map.of("epoch_length_s", 600L));
    final List<KeyPair> providers = chain.users.subList(0, 3);
    final KeyPair developer = chain.users.get(3);
    final KeyPair stranger = chain.users.get(4);
    final List<Long> offerings = new ArrayList<>();

    @BeforeEach
    void registerProvidersWithAgentsAndOfferings() {
        for (KeyPair provider : providers) {
            ok(chain.run(provider, new RegisterProvider(MarketTest.PROFILE, false)));
            ok(chain.run(provider, new ComputeNodeRegistration("http://127.0.0.1:7100", "c0.dcloud.test", List.of("wasm", "process"))));
            ok(chain.run(provider, new AutoAccept(true, 0, 100)));
            offerings.add(ok(chain.run(provider, new PublishOffering(MarketTest.offering("job", 4)))).detail());
        }
    }

    static TxResult ok(TxResult result) {
        assertThat(result.ok()).as(result.message()).isTrue();
        return result;
    }

    long rent(int provider) {
        return ok(chain.run(developer, new Rent(offerings.get(provider), 1, new byte[32], JOB))).detail();
    }

    byte[] hash(int fill) {
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) fill);
        return hash;
    }

    TxResult post(int provider, long contract, byte[] hash) {
        return chain.run(providers.get(provider), new ContractAction(ContractAction.Action.POST_RESULT, contract, 0, "", hash));
    }

    @Test
    void registersAnAgentOnlyForProvidersWithAValidUrlDomainAndKinds() {
        assertThat(ComputeNodes.get(chain.store, providers.get(0).publicKey()).kinds()).containsExactly("wasm", "process");
        assertThat(chain.run(stranger, new ComputeNodeRegistration("http://127.0.0.1:1", "x.test", List.of("wasm"))).message())
                .contains("only registered providers");
        KeyPair provider = providers.get(0);
        assertThat(chain.run(provider, new ComputeNodeRegistration("ftp://nope.example", "x.test", List.of("wasm"))).message())
                .contains("agent_url must be");
        assertThat(chain.run(provider, new ComputeNodeRegistration("http://127.0.0.1:1", "bad domain", List.of("wasm"))).message())
                .contains("ingress_domain must be a DNS name");
        assertThat(chain.run(provider, new ComputeNodeRegistration("http://127.0.0.1:1", "x.test", List.of("teleport"))).message())
                .contains("unknown workload kind 'teleport'");
        assertThat(chain.run(provider, new ComputeNodeRegistration("http://127.0.0.1:1", "x.test", List.of())).message())
                .contains("at least one");
        assertThat(ComputeNodes.get(chain.store, provider.publicKey()).agentUrl()).isEqualTo("http://127.0.0.1:7100");
    }

    @Test
    void providerPostsAResultOnceAndOnlyForAStartedContractOfItsOwn() {
        long id = rent(0);
        assertThat(post(1, id, hash(1)).message()).contains("only the contract's provider");
        assertThat(post(0, id, new byte[31]).message()).contains("32-byte SHA-256");
        ok(post(0, id, hash(1)));
        assertThat(post(0, id, hash(2)).message()).contains("already has a posted result");
        assertThat(JobResults.result(chain.store, id)).isEqualTo(hash(1));
    }

    @Test
    void majorityOfThreeReplicasRecordsAMismatchAgainstTheDisagreeingProviderOnly() {
        long a = rent(0);
        long b = rent(1);
        long c = rent(2);
        ok(post(0, a, hash(1)));
        ok(post(1, b, hash(9)));
        ok(post(2, c, hash(1)));
        long honest_before = Reputation.score(chain.store, providers.get(0).publicKey());
        long liar_before = Reputation.score(chain.store, providers.get(1).publicKey());

        TxResult report = ok(chain.run(developer, new ReportMismatch(List.of(a, b, c))));

        assertThat(report.detail()).isEqualTo(1);
        assertThat(JobResults.verdict(chain.store, b).agreed()).isFalse();
        assertThat(JobResults.verdict(chain.store, b).majorityHash()).isEqualTo(hash(1));
        assertThat(JobResults.verdict(chain.store, a).agreed()).isTrue();
        assertThat(ComputeNodes.get(chain.store, providers.get(1).publicKey()).resultsDisagreed()).isEqualTo(1);
        assertThat(ComputeNodes.get(chain.store, providers.get(0).publicKey()).resultsAgreed()).isEqualTo(1);
        assertThat(Reputation.score(chain.store, providers.get(1).publicKey())).isEqualTo(Math.max(0, liar_before - DCT));
        assertThat(Reputation.score(chain.store, providers.get(0).publicKey())).isEqualTo(honest_before);
        assertThat(chain.run(developer, new ReportMismatch(List.of(a, c))).message()).contains("already compared");
    }

    @Test
    void aTieOfTwoRecordsNothingAndAsksForATieBreaker() {
        long a = rent(0);
        long b = rent(1);
        ok(post(0, a, hash(1)));
        ok(post(1, b, hash(2)));
        TxResult tie = chain.run(developer, new ReportMismatch(List.of(a, b)));
        assertThat(tie.ok()).isFalse();
        assertThat(tie.message()).contains("no result hash is held by more than half", "run another replica");
        assertThat(JobResults.verdict(chain.store, a)).isNull();
        long c = rent(2);
        ok(post(2, c, hash(2)));
        assertThat(ok(chain.run(developer, new ReportMismatch(List.of(a, b, c)))).detail()).isEqualTo(1);
        assertThat(JobResults.verdict(chain.store, a).agreed()).isFalse();
    }

    @Test
    void rejectsReportsOnForeignUnfinishedDuplicateOrNonReplicaContracts() {
        long a = rent(0);
        long b = rent(1);
        ok(post(0, a, hash(1)));
        assertThat(chain.run(developer, new ReportMismatch(List.of(a, b))).message()).contains("has no posted result yet");
        ok(post(1, b, hash(1)));
        assertThat(chain.run(stranger, new ReportMismatch(List.of(a, b))).message()).contains("is not yours");
        assertThat(chain.run(developer, new ReportMismatch(List.of(a, a))).message()).contains("named twice");
        long other_job = ok(chain.run(developer, new Rent(offerings.get(2), 1, new byte[32], "{}".getBytes(StandardCharsets.UTF_8)))).detail();
        ok(post(2, other_job, hash(1)));
        assertThat(chain.run(developer, new ReportMismatch(List.of(a, other_job))).message()).contains("not replicas of one job");
        long same_provider = rent(0);
        ok(post(0, same_provider, hash(1)));
        assertThat(chain.run(developer, new ReportMismatch(List.of(a, same_provider))).message()).contains("distinct providers");
    }
}
