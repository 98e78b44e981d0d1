package dcloud.node.api;

import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.core.bytes.Hex;
import dcloud.ledger.block.Block;
import dcloud.ledger.store.TxRecord;
import dcloud.ledger.tx.Approve;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import dcloud.ledger.tx.TransferFrom;
import dcloud.ledger.tx.TxResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** JSON shapes of the API: stable snake_case fields, amounts as e9s integers plus DCT text. */
final class Views {
    private Views() {}

    static Map<String, Object> amount(String prefix, long e9s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(prefix + "e9s", e9s);
        out.put(prefix + "dct", Amount.formatDct(e9s));
        return out;
    }

    static Map<String, Object> tx(SignedTx tx, TxRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hash", tx.hashHex());
        out.put("kind", tx.body().kind().wireName());
        out.put("signer", tx.signerAccount().toText());
        out.put("created_at_time", tx.createdAtTimeNs());
        switch (tx.body()) {
            case Transfer t -> {
                out.put("from", account(tx.signer(), t.fromSubaccount()));
                out.put("to", t.to().toText());
                out.put("amount_e9s", t.amount());
                optional(out, "fee_e9s", t.fee());
                out.put("memo", Hex.encode(t.memo()));
            }
            case Approve a -> {
                out.put("from", account(tx.signer(), a.fromSubaccount()));
                out.put("spender", a.spender().toText());
                out.put("amount_e9s", a.amount());
                optional(out, "expected_allowance_e9s", a.expectedAllowance());
                optional(out, "expires_at", a.expiresAtNs());
                optional(out, "fee_e9s", a.fee());
                out.put("memo", Hex.encode(a.memo()));
            }
            case TransferFrom f -> {
                out.put("spender", account(tx.signer(), f.spenderSubaccount()));
                out.put("from", f.from().toText());
                out.put("to", f.to().toText());
                out.put("amount_e9s", f.amount());
                optional(out, "fee_e9s", f.fee());
                out.put("memo", Hex.encode(f.memo()));
            }
            case dcloud.ledger.tx.RegisterProvider r -> {
                out.put("name", r.profile().name());
                out.put("legal_name", r.profile().legalName());
                out.put("country", r.profile().country());
            }
            case dcloud.ledger.tx.RegisterUser u -> out.put("name", u.name());
            case dcloud.ledger.tx.Pay p -> {
                out.put("from", tx.signerAccount().toText());
                out.put("to", Account.of(p.provider()).toText());
                out.put("amount_e9s", p.amount());
            }
            case dcloud.ledger.tx.Punish p -> {
                out.put("target", Account.of(p.target()).toText());
                out.put("reputation_units", p.amount());
                out.put("reason", p.reason());
            }
            case dcloud.ledger.tx.CheckIn c -> {
                out.put("epoch", c.epoch());
                out.put("block_hash", Hex.encode(c.blockHash()));
            }
            case dcloud.ledger.tx.Propose p -> {
                out.put("proposal_kind", p.proposalKind().name().toLowerCase(java.util.Locale.ROOT));
                out.put("title", p.title());
            }
            case dcloud.ledger.tx.Vote v -> {
                out.put("proposal_id", v.proposalId());
                out.put("choice", v.choice().name().toLowerCase(java.util.Locale.ROOT));
            }
            case dcloud.ledger.tx.Delegate d -> out.put("delegate", Account.of(d.delegate()).toText());
            case dcloud.ledger.tx.PublishOffering p -> {
                out.put("offering_id", p.offering().localId());
                out.put("name", p.offering().name());
            }
            case dcloud.ledger.tx.Rent r -> {
                out.put("offering", r.offering());
                out.put("hours", r.hours());
            }
            case dcloud.ledger.tx.ContractAction a -> {
                out.put("action", a.action().name().toLowerCase(java.util.Locale.ROOT));
                out.put("target", a.target());
                if (a.hours() != 0) {
                    out.put("hours", a.hours());
                }
                if (!a.reason().isEmpty()) {
                    out.put("reason", a.reason());
                }
            }
            case dcloud.ledger.tx.AutoAccept a -> {
                out.put("enabled", a.enabled());
                out.put("min_reputation_units", a.minReputation());
                out.put("max_hours", a.maxHours());
            }
            case dcloud.ledger.tx.StorageNodeRegistration n -> {
                out.put("endpoint", n.endpoint());
                out.put("capacity_bytes", n.capacityBytes());
                out.put("price_per_gib_epoch_e9s", n.pricePerGibEpochE9s());
                out.put("egress_price_per_gib_e9s", n.egressPricePerGibE9s());
            }
            case dcloud.ledger.tx.ComputeNodeRegistration n -> {
                out.put("agent_url", n.agentUrl());
                out.put("ingress_domain", n.ingressDomain());
                out.put("kinds", n.kinds());
            }
            case dcloud.ledger.tx.ReportMismatch r -> out.put("contracts", r.contracts());
            case dcloud.ledger.tx.StorePieces p -> {
                out.put("segment", Hex.encode(p.segmentId()));
                out.put("pieces", p.pieces().size());
                out.put("piece_size_bytes", p.pieceSizeBytes());
            }
            case dcloud.ledger.tx.ProveStorage p -> {
                out.put("epoch", p.epoch());
                out.put("contracts", p.proofs().stream().map(dcloud.ledger.tx.ProveStorage.ContractProof::contract).toList());
            }
            case dcloud.ledger.tx.CancelStorage c -> out.put("contracts", c.contracts());
            case dcloud.ledger.tx.SettleEgress e -> {
                out.put("orders", e.served().size());
                out.put("bytes", e.served().stream().mapToLong(dcloud.ledger.tx.SettleEgress.Served::bytes).sum());
                out.put("clients", e.served().stream().map(item -> Account.of(item.order().client()).toText()).distinct().toList());
            }
            case dcloud.ledger.tx.SetIndexPointer p -> out.put("pointer_size_bytes", p.pointer().length);
        }
        if (record != null) {
            out.putAll(outcome(record));
        }
        return out;
    }

    static Map<String, Object> outcome(TxRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", record.result().ok() ? "committed" : "failed");
        out.put("height", record.height());
        out.put("index", record.index());
        if (!record.result().ok()) {
            out.put("error", error(record.result()));
        } else if (record.result().detail() != 0) {
            out.put("detail", record.result().detail());
        }
        return out;
    }

    static Map<String, Object> error(TxResult result) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", result.status().variant());
        error.put("message", result.message());
        error.put("detail", result.detail());
        return error;
    }

    static Map<String, Object> block(Block block, List<TxRecord> records) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("height", block.height());
        out.put("hash", block.hashHex());
        out.put("parent_hash", Hex.encode(block.parentHash()));
        out.put("parent_state_hash", Hex.encode(block.parentStateHash()));
        out.put("timestamp", block.timestampNs());
        out.put("proposer", Hex.encode(block.proposer()));
        List<Map<String, Object>> txs = new java.util.ArrayList<>();
        for (int i = 0; i < block.txs().size(); i++) {
            txs.add(tx(block.txs().get(i), records.get(i)));
        }
        out.put("txs", txs);
        return out;
    }

    private static String account(byte[] owner, byte[] subaccount) {
        return (subaccount == null ? Account.of(owner) : Account.of(owner, subaccount)).toText();
    }

    private static void optional(Map<String, Object> out, String key, OptionalLong value) {
        if (value.isPresent()) {
            out.put(key, value.getAsLong());
        }
    }
}
