/*
 * Reference relay for RouterBench: the least a user-space TCP relay can do on Linux. It accepts on
 * 127.0.0.1:LISTEN_PORT, connects each client to 127.0.0.1:TARGET_PORT and moves both directions with
 * splice(2) through a pipe (no copy into user space), one blocking thread per direction. No parsing,
 * no limits, no JVM: it exists only to measure what the extra loopback hop itself costs on this
 * machine, next to the router and the direct path in the same run. Not part of dcloud.
 *
 * Build: cc -O2 -pthread -o splice_relay splice_relay.c     Run: splice_relay LISTEN_PORT TARGET_PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

enum { CHUNK_SIZE_BYTES = 256 * 1024 };

static int target_port;

struct direction {
    int from_fd;
    int to_fd;
};

static void *pump(void *arg) {
    struct direction *d = arg;
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) {
        shutdown(d->to_fd, SHUT_WR);
        return NULL;
    }
    fcntl(pipe_fds[1], F_SETPIPE_SZ, CHUNK_SIZE_BYTES);
    ssize_t n;
    while ((n = splice(d->from_fd, NULL, pipe_fds[1], NULL, CHUNK_SIZE_BYTES, SPLICE_F_MOVE)) > 0) {
        while (n > 0) {
            ssize_t m = splice(pipe_fds[0], NULL, d->to_fd, NULL, (size_t) n, SPLICE_F_MOVE);
            if (m <= 0) {
                goto done;
            }
            n -= m;
        }
    }
done:
    shutdown(d->to_fd, SHUT_WR); /* pass the end of stream on, as the router does */
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return NULL;
}

static struct sockaddr_in loopback(int port) {
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    return address;
}

static void *serve(void *arg) {
    int client = (int) (long) arg;
    int one = 1;
    int backend = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = loopback(target_port);
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(backend, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (backend >= 0 && connect(backend, (struct sockaddr *) &address, sizeof address) == 0) {
        struct direction up = {client, backend};
        struct direction down = {backend, client};
        pthread_t up_thread;
        if (pthread_create(&up_thread, NULL, pump, &up) == 0) {
            pump(&down);
            pthread_join(up_thread, NULL);
        }
    }
    if (backend >= 0) {
        close(backend);
    }
    close(client);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: splice_relay LISTEN_PORT TARGET_PORT\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN); /* a peer that left must end its connection, not the relay */
    target_port = atoi(argv[2]);
    int server = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    struct sockaddr_in address = loopback(atoi(argv[1]));
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(server, (struct sockaddr *) &address, sizeof address) != 0 || listen(server, 1024) != 0) {
        perror("splice_relay: listen");
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        int client = accept(server, NULL, NULL);
        if (client < 0) {
            continue;
        }
        pthread_t thread;
        if (pthread_create(&thread, NULL, serve, (void *) (long) client) != 0) {
            close(client);
            continue;
        }
        pthread_detach(thread);
    }
}
