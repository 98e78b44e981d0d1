package dcloud.ledger.tx;

import dcloud.core.codec.Writer;

/** The kind-specific part of a transaction. Each kind has a fixed u8 tag that never changes meaning. */
public sealed interface TxBody permits Transfer, Approve, TransferFrom, RegisterProvider, RegisterUser, Pay, Punish, CheckIn, Propose, Vote, Delegate, PublishOffering, Rent, ContractAction, AutoAccept,
        StorageNodeRegistration, StorePieces, ProveStorage, CancelStorage, SetIndexPointer, SettleEgress,
        ComputeNodeRegistration, ReportMismatch {
    TxKind kind();

    void encode(Writer writer);
}
