/** Compute: the provider agent, provisioners that run rented workloads, and the SNI-passthrough ingress router. */
package dcloud.compute;
