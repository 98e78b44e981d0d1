package dcloud.ledger;

import dcloud.ledger.genesis.ChainConfig;

/** What a transaction may know of its surroundings: the block's height and leader-set time, and chain config. */
public record TxContext(long height, long blockTimeNs, ChainConfig chain) {}
