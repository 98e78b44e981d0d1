;; Tries to reach host files from inside the sandbox. Prints one WASI errno per attempt, one per line
;; (0 would mean it worked), and prints whatever an open that worked could read.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (memory 1)
  ;; 0: iovec, 8: bytes moved, 32: opened fd, 48: prestat, 400..420: digits, 1024: read buffer
  (data (i32.const 200) "/etc/passwd")
  (data (i32.const 220) "../../etc/passwd")
  (data (i32.const 240) "../../../../../../../../../../etc/passwd")
  (data (i32.const 300) "link")
  (data (i32.const 320) "sub/../../etc/passwd")

  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; prints n in decimal and a newline
  (func $print (param $n i32)
    (local $p i32)
    (local.set $p (i32.const 420))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (call $write (local.get $p) (i32.sub (i32.const 421) (local.get $p))))

  ;; opens path for reading (following symlinks) relative to dirfd, prints the errno, and on success
  ;; prints what it can read
  (func $open (param $dirfd i32) (param $path i32) (param $len i32)
    (local $errno i32)
    (local.set $errno (call $path_open (local.get $dirfd) (i32.const 1) (local.get $path) (local.get $len)
                                       (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 32)))
    (call $print (local.get $errno))
    (if (i32.eqz (local.get $errno))
      (then
        (i32.store (i32.const 0) (i32.const 1024))
        (i32.store (i32.const 4) (i32.const 4096))
        (drop (call $fd_read (i32.load (i32.const 32)) (i32.const 0) (i32.const 1) (i32.const 8)))
        (call $write (i32.const 1024) (i32.load (i32.const 8))))))

  (func (export "_start")
    (call $open (i32.const 3) (i32.const 200) (i32.const 11))
    (call $open (i32.const 3) (i32.const 220) (i32.const 16))
    (call $open (i32.const 3) (i32.const 240) (i32.const 40))
    (call $open (i32.const 3) (i32.const 320) (i32.const 20))
    ;; relative to stdin, which is no directory
    (call $open (i32.const 0) (i32.const 201) (i32.const 10))
    ;; no preopen besides fd 3
    (call $print (call $fd_prestat_get (i32.const 4) (i32.const 48)))
    ;; symlinks out of /out, then through one
    (call $print (call $path_symlink (i32.const 200) (i32.const 11) (i32.const 3) (i32.const 300) (i32.const 4)))
    (call $print (call $path_symlink (i32.const 220) (i32.const 16) (i32.const 3) (i32.const 300) (i32.const 4)))
    (call $open (i32.const 3) (i32.const 300) (i32.const 4))))
