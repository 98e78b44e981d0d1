;; Writes 1 MiB to stdout, then writes /out/big.bin 64 KiB at a time up to 1 MiB; exits with the errno
;; of the first write to /out that failed (0 if none did).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory 2)
  ;; 0: iovec, 8: bytes written, 32: opened fd, 65536: a 64 KiB chunk of 'x'
  (data (i32.const 100) "big.bin")

  (func $chunk (param $fd i32) (result i32)
    (i32.store (i32.const 0) (i32.const 65536))
    (i32.store (i32.const 4) (i32.const 65536))
    (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)))

  (func (export "_start")
    (local $i i32)
    (local $errno i32)
    (memory.fill (i32.const 65536) (i32.const 120) (i32.const 65536))
    (loop $stdout
      (drop (call $chunk (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $stdout (i32.lt_u (local.get $i) (i32.const 16))))
    (if (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 7) (i32.const 9)
                         (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 32))
      (then (call $proc_exit (i32.const 90))))
    (local.set $i (i32.const 0))
    (loop $out
      (local.set $errno (call $chunk (i32.load (i32.const 32))))
      (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $out (i32.lt_u (local.get $i) (i32.const 16))))
    (call $proc_exit (i32.const 0))))
