package dcloud.ledger.market;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.LedgerFixture;
import dcloud.ledger.governance.Treasury;
import dcloud.ledger.reputation.Reputation;
import dcloud.ledger.store.MemoryLedgerStore;
import dcloud.ledger.token.TokenState;
import dcloud.ledger.tx.AutoAccept;
import dcloud.ledger.tx.ContractAction;
import dcloud.ledger.tx.Offering;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.PublishOffering;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.Rent;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.TxResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract lifecycle at the state machine, every balance to the last e9s. */
public class MarketTest {
    static final long DCT = 1_000_000_000L;
    public static final ProviderProfile PROFILE = new ProviderProfile("Acme", "Acme AG", "CH", "a@acme.example", "https://acme.example", 9990, "");

    final LedgerFixture chain = new LedgerFixture(new MemoryLedgerStore(), 4, 1_000 * DCT,
            Map.of("epoch_length_s", 600L, "market_request_timeout_s", 60L));
    final KeyPair provider = chain.users.get(0);
    final KeyPair developer = chain.users.get(1);
    final KeyPair stranger = chain.users.get(2);

    public static Offering offering(String id, int capacity) {
        return new Offering(id, "4 vCPU in Zurich", "compute", 4, 16, "nvme", 200, 1000, 0, "", 0, 0, "none", "CH", "Zurich",
                47_376_900, 8_541_700, 2 * DCT, 1, 100, List.of("vm", "container"), capacity, List.of("ipv6"), List.of("ubuntu-24.04"));
    }

    long publish(Offering offering) {
        assertThat(chain.run(provider, new RegisterProvider(PROFILE, false)).ok()).isTrue();
        TxResult published = chain.run(provider, new PublishOffering(offering));
        assertThat(published.ok()).as(published.message()).isTrue();
        return published.detail();
    }

    long rent(KeyPair who, long offering, long hours) {
        TxResult rented = chain.run(who, new Rent(offering, hours, new byte[32], "ssh-ed25519 AAAA dev".getBytes()));
        assertThat(rented.ok()).as(rented.message()).isTrue();
        return rented.detail();
    }

    long escrow() {
        return TokenState.balance(chain.store, Escrow.ACCOUNT);
    }

    Contract contract(long id) {
        return Contracts.get(chain.store, id);
    }

    @Test
    void rentEscrowsAcceptActivatesEpochsSettleExtendLocksThePriceAndCancelRefundsProRata() {
        long offering = publish(offering("zrh-4", 1));
        long provider_before = chain.balance(provider);
        long id = rent(developer, offering, 10);
        assertThat(chain.balance(developer)).isEqualTo(1_000 * DCT - 20 * DCT);
        assertThat(escrow()).isEqualTo(20 * DCT);
        assertThat(contract(id).state()).isEqualTo(Contract.State.REQUESTED);
        assertThat(chain.run(provider, ContractAction.of(ContractAction.Action.ACCEPT, id)).ok()).isTrue();
        assertThat(contract(id).state()).isEqualTo(Contract.State.ACTIVE);
        long treasury = TokenState.balance(chain.store, Treasury.ACCOUNT);
        long burned = TokenState.burned(chain.store);
        chain.applyAfter(3599, List.of());
        assertThat(contract(id).paidE9s()).as("an epoch turned: the first hour is settled").isBetween(DCT, 2 * DCT);
        long paid_so_far = contract(id).paidE9s();
        assertThat(chain.balance(provider)).isEqualTo(provider_before + paid_so_far - paid_so_far * 2 / 100);
        assertThat(TokenState.balance(chain.store, Treasury.ACCOUNT)).isEqualTo(treasury + paid_so_far * 2 / 100 / 2);
        assertThat(TokenState.burned(chain.store)).isEqualTo(burned + paid_so_far * 2 / 100 - paid_so_far * 2 / 100 / 2);
        assertThat(chain.run(developer, new ContractAction(ContractAction.Action.EXTEND, id, 5, "", new byte[0])).ok()).isTrue();
        assertThat(contract(id).hours()).isEqualTo(15);
        Contract before_cancel = contract(id);
        chain.applyAfter(1, List.of(SignedTx.sign(developer, LedgerFixture.CHAIN_ID, chain.now(), ContractAction.of(ContractAction.Action.CANCEL, id))));
        Contract cancelled = contract(id);
        assertThat(cancelled.state()).isEqualTo(Contract.State.CLOSED);
        assertThat(cancelled.closeReason()).isEqualTo(Contract.CloseReason.CANCELLED);
        long elapsed_ns = (cancelled.endsNs() - cancelled.startedNs());
        assertThat(cancelled.paidE9s()).isEqualTo(java.math.BigInteger.valueOf(2 * DCT).multiply(java.math.BigInteger.valueOf(elapsed_ns))
                .divide(java.math.BigInteger.valueOf(3_600_000_000_000L)).longValueExact());
        assertThat(cancelled.paidE9s() + cancelled.refundedE9s()).as("everything escrowed is paid or refunded").isEqualTo(30 * DCT);
        assertThat(cancelled.escrowE9s()).isZero();
        assertThat(escrow()).isZero();
        assertThat(chain.balance(developer)).isEqualTo(1_000 * DCT - cancelled.paidE9s());
        assertThat(Reputation.score(chain.store, developer.publicKey())).as("1% of each settled payment, floored per settlement")
                .isBetween(cancelled.paidE9s() / 100 - 2, cancelled.paidE9s() / 100);
        assertThat(before_cancel.paidE9s()).isPositive();
        assertThat(Offerings.get(chain.store, offering).inUse()).isZero();
    }

    @Test
    void eachEndHasItsOwnCloseReason() {
        long offering = publish(offering("zrh-many", 10));
        long rejected = rent(developer, offering, 2);
        chain.run(provider, new ContractAction(ContractAction.Action.REJECT, rejected, 0, "no capacity in that rack", new byte[0]));
        long unanswered = rent(developer, offering, 2);
        long natural = rent(developer, offering, 1);
        chain.run(provider, ContractAction.of(ContractAction.Action.ACCEPT, natural));
        long terminated = rent(developer, offering, 3);
        chain.run(provider, ContractAction.of(ContractAction.Action.ACCEPT, terminated));
        chain.run(provider, new ContractAction(ContractAction.Action.TERMINATE, terminated, 0, "hardware fault", new byte[0]));
        chain.applyAfter(3700, List.of());
        assertThat(contract(rejected).closeReason()).isEqualTo(Contract.CloseReason.REJECTED);
        assertThat(contract(rejected).refundedE9s()).isEqualTo(4 * DCT);
        assertThat(contract(unanswered).closeReason()).isEqualTo(Contract.CloseReason.REQUEST_EXPIRED);
        assertThat(contract(unanswered).refundedE9s()).isEqualTo(4 * DCT);
        assertThat(contract(natural).closeReason()).isEqualTo(Contract.CloseReason.EXPIRED);
        assertThat(contract(natural).paidE9s()).isEqualTo(2 * DCT);
        assertThat(contract(terminated).closeReason()).isEqualTo(Contract.CloseReason.TERMINATED);
        assertThat(contract(terminated).paidE9s() + contract(terminated).refundedE9s()).isEqualTo(6 * DCT);
        assertThat(Reputation.history(chain.store, provider.publicKey(), 10))
                .anySatisfy(event -> assertThat(event.reason()).contains("terminated contract " + terminated).contains("hardware fault"));
        assertThat(escrow()).isZero();
        assertThat(Offerings.get(chain.store, offering).inUse()).isZero();
    }

    @Test
    void theLastSlotGoesToExactlyOneOfTwoSimultaneousRequests() {
        long offering = publish(offering("one-slot", 1));
        SignedTx first = SignedTx.sign(developer, LedgerFixture.CHAIN_ID, chain.now() + 1, new Rent(offering, 1, new byte[32], new byte[0]));
        SignedTx second = SignedTx.sign(stranger, LedgerFixture.CHAIN_ID, chain.now() + 1, new Rent(offering, 1, new byte[32], new byte[0]));
        List<TxResult> results = chain.apply(List.of(first, second)).results();
        assertThat(results.stream().filter(TxResult::ok)).hasSize(1);
        assertThat(results.get(1).message()).contains("fully booked");
        assertThat(chain.balance(stranger)).isEqualTo(1_000 * DCT);
    }

    @Test
    void autoAcceptRulesActivateQualifyingRequestsAtOnce() {
        long offering = publish(offering("auto", 5));
        chain.run(provider, new AutoAccept(true, 0, 24));
        assertThat(contract(rent(developer, offering, 24)).state()).isEqualTo(Contract.State.ACTIVE);
        assertThat(contract(rent(developer, offering, 25)).state()).as("longer than the rule allows").isEqualTo(Contract.State.REQUESTED);
    }

    @Test
    void badRequestsGetClearErrorsAndChangeNoBalance() {
        long offering = publish(offering("bad", 1));
        long before = chain.balance(developer);
        assertThat(chain.run(developer, new Rent(999, 1, new byte[32], new byte[0])).message()).contains("no offering 999");
        assertThat(chain.run(developer, new Rent(offering, 0, new byte[32], new byte[0])).message()).contains("hours must be between 1 and 100");
        assertThat(chain.run(developer, new Rent(offering, 101, new byte[32], new byte[0])).message()).contains("hours must be between");
        assertThat(chain.run(LedgerFixture.key(777), new Rent(offering, 100, new byte[32], new byte[0])).message()).contains("balance of 0 DCT");
        long id = rent(developer, offering, 2);
        assertThat(chain.run(stranger, ContractAction.of(ContractAction.Action.CANCEL, id)).message()).contains("only the contract's developer");
        assertThat(chain.run(developer, ContractAction.of(ContractAction.Action.ACCEPT, id)).message()).contains("only the contract's provider");
        assertThat(chain.run(developer, ContractAction.of(ContractAction.Action.CANCEL, id)).message()).contains("needs it active");
        assertThat(chain.run(stranger, ContractAction.of(ContractAction.Action.WITHDRAW_OFFERING, offering)).message()).contains("another provider");
        assertThat(chain.run(provider, ContractAction.of(ContractAction.Action.WITHDRAW_OFFERING, offering)).ok()).isTrue();
        assertThat(chain.run(stranger, new Rent(offering, 1, new byte[32], new byte[0])).message()).contains("withdrawn");
        assertThat(chain.balance(developer)).isEqualTo(before - 4 * DCT);
        assertThat(chain.run(provider, new PublishOffering(offering("Bad Id", 1))).message()).startsWith("id must be");
        Offering no_gpu = new Offering("g", "gpu box", "gpu", 8, 64, "nvme", 100, 1000, 0, "", 0, 0, "none", "DE", "", 0, 0, DCT, 1, 10,
                List.of("vm"), 1, List.of(), List.of());
        assertThat(chain.run(provider, new PublishOffering(no_gpu)).message()).startsWith("gpu_model and gpu_count");
        assertThat(chain.run(stranger, new PublishOffering(offering("x", 1))).message()).contains("only registered providers");
        assertThat(Account.of(provider.publicKey())).isNotNull();
    }
}
