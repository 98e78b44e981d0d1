;; Never ends by itself: only the CPU-time limit or stop() ends it.
(module
  (memory 1)
  (func (export "_start")
    (loop $forever (br $forever))))
