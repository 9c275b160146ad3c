// One node of the lazy graph. Eval computes the node's elements inside `box`
// into dst (dst.shape == box.count, dst.dtype == dtype(); dst may be strided,
// with negative or zero strides). Nodes are immutable once built and shared
// by every thread; per-evaluation state lives on the stack or in PooledScratch.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "../exec/cancel.h"
#include "../json.h"
#include "../nd.h"
#include "../source.h"

namespace dz {

struct EvalContext {
  const CancelToken& cancel;
};

class Node {
 public:
  Node(Shape shape, DType dtype) : shape_(std::move(shape)), dtype_(dtype) {}
  virtual ~Node() = default;
  const Shape& shape() const { return shape_; }
  DType dtype() const { return dtype_; }
  size_t rank() const { return shape_.size(); }

  virtual Status Eval(const Box& box, const View& dst, EvalContext& ctx) const = 0;
  // Bytes of scratch Eval(box) may hold at once, this node and its inputs.
  virtual int64_t ScratchBytes(const Box& box) const = 0;
  // Non-null for a source node, so views can read it without a copy.
  virtual ArraySource* AsSource() const { return nullptr; }

 private:
  Shape shape_;
  DType dtype_;
};

// A contiguous buffer of the node's dtype for `box`, evaluated by `node`.
// Uninitialised memory reused per thread, so regions do not page-fault a
// fresh allocation each time.
class PooledScratch {
 public:
  explicit PooledScratch(size_t bytes);
  ~PooledScratch();
  PooledScratch(const PooledScratch&) = delete;
  PooledScratch& operator=(const PooledScratch&) = delete;
  char* data() const { return data_; }

 private:
  char* data_ = nullptr;
  size_t capacity_ = 0;
};

// Builders, one per node kind (each in its own file). `inputs` are the
// already-built nodes this one reads, in spec order.
Result<std::unique_ptr<Node>> MakeSourceNode(const Json& spec, ArraySource* source);
// budget: bytes a view may hold for its input at once (the job's region budget).
Result<std::unique_ptr<Node>> MakeViewNode(const Json& spec, const Node* input, int64_t budget);
Result<std::unique_ptr<Node>> MakeConcatNode(const Json& spec, std::vector<const Node*> inputs);
Result<std::unique_ptr<Node>> MakeReshapeNode(const Json& spec, const Node* input);
Result<std::unique_ptr<Node>> MakeRemapNode(const Json& spec, const Node* input);
Result<std::unique_ptr<Node>> MakeReduceNode(const Json& spec, const Node* input);
Result<std::unique_ptr<Node>> MakeConstantNode(const Json& spec);
Result<std::unique_ptr<Node>> MakeScanNode(const Json& spec, const Node* input);
Result<std::unique_ptr<Node>> MakeRandomNode(const Json& spec);
Result<std::unique_ptr<Node>> MakeMedianNode(const Json& spec, const Node* input);
Result<std::unique_ptr<Node>> MakeHistogramNode(const Json& spec, const Node* input);
// budget: bytes of input the node evaluates at once when a box needs more (the job's region budget).
Result<std::unique_ptr<Node>> MakeCoarsenNode(const Json& spec, const Node* input, int64_t budget);
// scipy.ndimage neighbourhood filters (graph/filter_node.cpp).
Result<std::unique_ptr<Node>> MakeFilterNode(const Json& spec, const Node* input);

// The ew node at `index` fused with every ew node it (transitively) reads;
// `leaf(k)` builds (or returns) the non-ew node k the fused tree reads.
using LeafBuilder = std::function<Result<const Node*>(int64_t)>;
Result<std::unique_ptr<Node>> MakeElementwiseNode(const Json& nodes, int64_t index, const LeafBuilder& leaf);

// Shape and dtype every node spec carries.
Status ReadNodeHeader(const Json& spec, Shape* shape, DType* dtype);

}  // namespace dz
