/**
 * The compute node's ingress router: it sends outside traffic to the workload a contract runs, without
 * terminating TLS (the provider never holds a workload's keys).
 *
 * <ul>
 *   <li>HTTPS: the server_name of the TLS ClientHello ({@link dcloud.compute.ingress.ClientHelloParser})
 *       picks the workload; the hello and everything after it are piped byte for byte.</li>
 *   <li>HTTP: the Host header of the first request head ({@link dcloud.compute.ingress.HostHeaderParser})
 *       picks the workload; from there on it is a byte pipe too.</li>
 *   <li>Forwarded TCP ports: one listening port per forward, piped to a fixed target.</li>
 * </ul>
 *
 * Names are {@code <contract-id>.<domain>} ({@link dcloud.compute.ingress.ContractNames}); the
 * {@link dcloud.compute.ingress.RouteTable} maps contract ids to {@link dcloud.compute.ingress.Backend}s.
 * Entry point: {@link dcloud.compute.ingress.IngressRouter}.
 */
package dcloud.compute.ingress;
