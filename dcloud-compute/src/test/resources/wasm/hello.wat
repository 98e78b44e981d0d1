;; A wasm job that works: prints "hello", its arguments and its environment (one per line) to stdout,
;; "warning" to stderr, writes "result 42\n" to /out/result.txt and returns from _start.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: iovec, 8: bytes written, 16/20: argc/argv size, 24/28: env count/size, 32: opened fd
  (data (i32.const 100) "hello\n")
  (data (i32.const 120) "result.txt")
  (data (i32.const 140) "result 42\n")
  (data (i32.const 160) "warning\n")

  ;; writes len bytes at ptr to fd, or exits with 100 + errno
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (local $errno i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (local.set $errno (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)))
    (if (local.get $errno) (then (call $proc_exit (i32.add (i32.const 100) (local.get $errno))))))

  ;; turns the NUL that ends each string into a newline
  (func $lines (param $ptr i32) (param $len i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (if (i32.eqz (i32.load8_u (local.get $ptr)))
          (then (i32.store8 (local.get $ptr) (i32.const 10))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (br $next))))

  (func (export "_start")
    (local $len i32)
    (call $write (i32.const 1) (i32.const 100) (i32.const 6))
    ;; arguments: pointers at 1024, strings at 2048
    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
    (drop (call $args_get (i32.const 1024) (i32.const 2048)))
    (local.set $len (i32.load (i32.const 20)))
    (call $lines (i32.const 2048) (local.get $len))
    (call $write (i32.const 1) (i32.const 2048) (local.get $len))
    ;; environment: pointers at 4096, strings at 8192
    (drop (call $environ_sizes_get (i32.const 24) (i32.const 28)))
    (drop (call $environ_get (i32.const 4096) (i32.const 8192)))
    (local.set $len (i32.load (i32.const 28)))
    (call $lines (i32.const 8192) (local.get $len))
    (call $write (i32.const 1) (i32.const 8192) (local.get $len))
    (call $write (i32.const 2) (i32.const 160) (i32.const 8))
    ;; fd 3 is the /out preopen; oflags creat|trunc (9), rights fd_write (64)
    (if (call $path_open (i32.const 3) (i32.const 0) (i32.const 120) (i32.const 10) (i32.const 9)
                         (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 32))
      (then (call $proc_exit (i32.const 90))))
    (call $write (i32.load (i32.const 32)) (i32.const 140) (i32.const 10))
    (drop (call $fd_close (i32.load (i32.const 32))))))
