package dcloud.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.crypto.KeyPair;
import dcloud.ledger.LedgerFixture;
import dcloud.ledger.rewards.Rewards;
import dcloud.ledger.store.MemoryLedgerStore;
import dcloud.ledger.token.TokenState;
import dcloud.ledger.tx.EgressOrder;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.SettleEgress;
import dcloud.ledger.tx.StorageNodeRegistration;
import dcloud.ledger.tx.TxResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Downloads paid by signed egress orders, settled by the node that served them, to the last e9s. */
class EgressLedgerTest {
    static final long DCT = 1_000_000_000L;
    static final long HALF_GIB = 1L << 29;

    final LedgerFixture chain = new LedgerFixture(new MemoryLedgerStore(), 4, 1_000 * DCT, Map.of("epoch_length_s", 60L));
    final KeyPair node = chain.users.get(0);
    final KeyPair other_node = chain.users.get(1);
    final KeyPair client = chain.users.get(2);
    final KeyPair penniless = LedgerFixture.key(999);
    int serial;

    @BeforeEach
    void registerTwoNodesChargingOneDctPerGib() {
        for (KeyPair provider : List.of(node, other_node)) {
            ok(chain.run(provider, new RegisterProvider(new ProviderProfile("N", "N AG", "CH", "n@n.example", "https://n.example", 9990, ""), false)));
            ok(chain.run(provider, new StorageNodeRegistration("http://127.0.0.1:9000", 1L << 40, DCT, DCT)));
        }
    }

    static TxResult ok(TxResult result) {
        assertThat(result.ok()).as(result.message()).isTrue();
        return result;
    }

    long epoch() {
        return Rewards.epochState(chain.store).epoch();
    }

    /** A fresh order (its own serial) from {@code payer} to {@code to} for half a GiB of contract 7, good for two epochs. */
    EgressOrder order(KeyPair payer, KeyPair to, String chain_id) {
        byte[] id = new byte[EgressOrder.SERIAL_SIZE_BYTES];
        id[0] = (byte) ++serial;
        return EgressOrder.sign(payer, chain_id, to.publicKey(), 7, id, HALF_GIB, epoch() + 2);
    }

    EgressOrder order(KeyPair payer) {
        return order(payer, node, LedgerFixture.CHAIN_ID);
    }

    TxResult settle(SettleEgress.Served... served) {
        return chain.run(node, new SettleEgress(List.of(served)));
    }

    @Test
    void aSignedOrderPaysTheNodeOnceAtItsEgressPrice() {
        long client_before = chain.balance(client);
        long node_before = chain.balance(node);
        EgressOrder order = order(client);
        TxResult settled = ok(settle(new SettleEgress.Served(order, HALF_GIB)));
        assertThat(settled.detail()).isEqualTo(1);
        assertThat(settled.message()).isEqualTo("settled 1 of 1 orders, 0.5 DCT");
        long price = DCT / 2;
        assertThat(chain.balance(client)).isEqualTo(client_before - price);
        assertThat(chain.balance(node)).as("less the 2% payment fee").isEqualTo(node_before + price - price * 200 / 10_000);
        assertThat(settle(new SettleEgress.Served(order, 1)).message()).isEqualTo("nothing to settle: served[0]: the order was already settled");
        assertThat(chain.balance(client)).isEqualTo(client_before - price);
        assertConserved();
    }

    @Test
    void aForgedOrderRejectsTheWholeTxAndNamesIt() {
        long client_before = chain.balance(client);
        EgressOrder good = order(client);
        EgressOrder honest = order(client);
        EgressOrder forged = new EgressOrder(honest.client(), honest.node(), honest.contract(), honest.serial(), honest.bytesMax() * 2,
                honest.expiresEpoch(), honest.signature());
        TxResult result = settle(new SettleEgress.Served(good, 1), new SettleEgress.Served(forged, 1));
        assertThat(result.ok()).isFalse();
        assertThat(result.detail()).as("index of the bad order").isEqualTo(1);
        assertThat(result.message()).startsWith("served[1]: the order's signature does not verify for client");
        assertThat(chain.balance(client)).as("the good order in a rejected tx pays nothing").isEqualTo(client_before);
        assertThat(settle(new SettleEgress.Served(order(client, node, "another-chain"), 1)).message())
                .startsWith("served[0]: the order's signature does not verify");
        assertThat(settle(new SettleEgress.Served(order(client, other_node, LedgerFixture.CHAIN_ID), 1)).message())
                .startsWith("served[0]: the order is for node");
        assertThat(settle(new SettleEgress.Served(good, HALF_GIB + 1)).message())
                .isEqualTo("served[0]: bytes must be between 1 and the order's bytes_max " + HALF_GIB + ", got " + (HALF_GIB + 1));
        EgressOrder far = EgressOrder.sign(client, LedgerFixture.CHAIN_ID, node.publicKey(), 7, new byte[16], 1, epoch() + 9);
        assertThat(settle(new SettleEgress.Served(far, 1)).message()).contains("more than 8 epochs after the current");
        assertThat(chain.balance(client)).isEqualTo(client_before);
    }

    @Test
    void expiredOrdersAndClientsWhoCannotPayAreSkippedAndTheRestPaid() {
        EgressOrder expiring = order(client);
        for (int i = 0; i < 3; i++) {
            chain.applyAfter(60, List.of());
        }
        assertThat(epoch()).isGreaterThan(expiring.expiresEpoch());
        EgressOrder broke = order(penniless);
        TxResult result = ok(settle(new SettleEgress.Served(expiring, 1), new SettleEgress.Served(broke, HALF_GIB),
                new SettleEgress.Served(order(client), HALF_GIB)));
        assertThat(result.detail()).isEqualTo(1);
        assertThat(result.message()).contains("settled 1 of 3", "skipped 2", "first served[0]: the order expired with epoch " + expiring.expiresEpoch());
        assertConserved();
    }

    @Test
    void serialsAreForgottenOnceTheirOrderExpiredAndAReplayIsStillRefused() {
        EgressOrder order = order(client);
        ok(settle(new SettleEgress.Served(order, 1)));
        assertThat(serialsKept()).isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            chain.applyAfter(60, List.of());
        }
        assertThat(serialsKept()).isZero();
        assertThat(settle(new SettleEgress.Served(order, 1)).message()).startsWith("nothing to settle: served[0]: the order expired");
    }

    @Test
    void onlyStorageNodesSettle() {
        assertThat(chain.run(client, new SettleEgress(List.of(new SettleEgress.Served(order(client, client, LedgerFixture.CHAIN_ID), 1)))).message())
                .endsWith("is not one").startsWith("only storage nodes settle egress");
    }

    int serialsKept() {
        int[] count = {0};
        chain.store.scan(new byte[] {(byte) 0x80}, 100, (key, value) -> ++count[0] > 0);
        return count[0];
    }

    void assertConserved() {
        assertThat(chain.balancesAndBurned()).as("balances + burned = minted").isEqualTo(TokenState.minted(chain.store));
    }
}
