;; Declares 32 pages (2 MiB) of initial memory.
(module
  (memory 32)
  (func (export "_start")))
