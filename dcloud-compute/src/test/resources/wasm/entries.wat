;; Creates empty files /out/aaa, /out/baa, /out/caa, ... until path_open fails (or 26^3 of them);
;; exits with how many it created.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory 1)
  ;; 32: opened fd, 100..103: the name
  (func (export "_start")
    (local $i i32)
    (block $failed
      (loop $more
        (i32.store8 (i32.const 100) (i32.add (i32.const 97) (i32.rem_u (local.get $i) (i32.const 26))))
        (i32.store8 (i32.const 101)
          (i32.add (i32.const 97) (i32.rem_u (i32.div_u (local.get $i) (i32.const 26)) (i32.const 26))))
        (i32.store8 (i32.const 102) (i32.add (i32.const 97) (i32.div_u (local.get $i) (i32.const 676))))
        ;; oflags creat (1), rights fd_write (64)
        (br_if $failed (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 3) (i32.const 1)
                                        (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 32)))
        (drop (call $fd_close (i32.load (i32.const 32))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $more (i32.lt_u (local.get $i) (i32.const 17576)))))
    (call $proc_exit (local.get $i))))
