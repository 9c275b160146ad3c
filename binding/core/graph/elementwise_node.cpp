// Fused elementwise evaluation. The maximal tree of ew nodes under this one
// is compiled once per graph into a small register program. Per region its
// leaves (the non-ew inputs) are each evaluated once into contiguous
// scratch; the program then runs over blocks of kBlock elements, one small
// scratch block per op, and the last op writes straight into dst. No op ever
// holds a full-size intermediate.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>

#include "../kernels/cast.h"
#include "../kernels/elementwise.h"
#include "../kernels/ew_registry.h"
#include "node.h"
#include "scalar_parse.h"

namespace dz {

namespace {

constexpr int64_t kBlock = 4096;

enum class RegKind { kLeaf, kConst, kTemp };
struct Reg {
  DType dtype;
  RegKind kind;
  size_t index;  // into leaves_, consts_ or the temp blocks
};

struct Instr {
  EwOp op;
  EwKernel kernel = nullptr;  // every op but cast
  CastFn cast = nullptr;      // cast
  EwCheck check = nullptr;    // a registered op's data check, run before the kernel
  EwParams params;
  std::vector<int> args;      // register per arg, -1 for an absent clip bound
  int out;                    // a temp register
};

// Copies n contiguous elements into dst at C-order flat position `flat`.
void ScatterFlat(const char* src, int64_t flat, int64_t n, const View& dst) {
  const size_t rank = dst.rank();
  const int64_t item = static_cast<int64_t>(ItemSize(dst.dtype));
  if (rank == 0) {
    std::memcpy(dst.data, src, static_cast<size_t>(item));
    return;
  }
  Shape idx(rank);
  for (size_t i = rank; i-- > 0;) {
    idx[i] = flat % dst.shape[i];
    flat /= dst.shape[i];
  }
  const size_t last = rank - 1;
  const int64_t ls = dst.byte_strides[last];
  while (n > 0) {
    char* d = dst.data;
    for (size_t i = 0; i < rank; ++i) d += idx[i] * dst.byte_strides[i];
    const int64_t run = std::min(n, dst.shape[last] - idx[last]);
    if (ls == item) {
      std::memcpy(d, src, static_cast<size_t>(run * item));
    } else {
      for (int64_t k = 0; k < run; ++k) std::memcpy(d + k * ls, src + k * item, static_cast<size_t>(item));
    }
    src += run * item;
    n -= run;
    idx[last] += run;
    for (size_t i = last; i > 0 && idx[i] == dst.shape[i]; --i) {
      idx[i] = 0;
      ++idx[i - 1];
    }
  }
}

class ElementwiseNode : public Node {
 public:
  ElementwiseNode(Shape shape, DType dtype) : Node(std::move(shape), dtype) {}

  Status Compile(const Json& nodes, int64_t index, const LeafBuilder& leaf) {
    DZ_ASSIGN_OR_RETURN(int out, CompileNode(nodes, index, leaf));
    result_ = out;
    return Status::Ok();
  }

  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    const int64_t n = box.size();
    if (n == 0) return Status::Ok();
    const bool direct = dst.IsContiguous();
    const int64_t out_item = static_cast<int64_t>(ItemSize(dtype()));
    // Each leaf once per region, into contiguous scratch. When dst is
    // contiguous, one leaf of the output's item size is evaluated into dst
    // itself and the program runs in place: block b of that leaf is read
    // before block b of the result is written, and kernels are elementwise.
    size_t in_dst = leaves_.size();
    for (size_t l = 0; direct && l < leaves_.size(); ++l) {
      if (static_cast<int64_t>(ItemSize(leaves_[l]->dtype())) == out_item) {
        in_dst = l;
        break;
      }
    }
    std::vector<std::unique_ptr<PooledScratch>> scratch(leaves_.size());
    std::vector<char*> leaf_data(leaves_.size());
    for (size_t l = 0; l < leaves_.size(); ++l) {
      if (ctx.cancel.cancelled()) return Error(ErrorCode::kAborted, "the operation was aborted");
      const Node* leaf = leaves_[l];
      if (l == in_dst) {
        leaf_data[l] = dst.data;
      } else {
        scratch[l] = std::make_unique<PooledScratch>(static_cast<size_t>(n) * ItemSize(leaf->dtype()));
        leaf_data[l] = scratch[l]->data();
      }
      DZ_RETURN_IF_ERROR(leaf->Eval(box, View::Contiguous(leaf_data[l], leaf->dtype(), box.count), ctx));
    }
    PooledScratch temps(static_cast<size_t>(temp_count_ * kBlock * 16));
    std::vector<const char*> ptr(regs_.size(), nullptr);
    const char* args[3];
    for (size_t r = 0; r < regs_.size(); ++r) {
      if (regs_[r].kind == RegKind::kConst) ptr[r] = consts_[regs_[r].index].data();
      if (regs_[r].kind == RegKind::kTemp) ptr[r] = temps.data() + regs_[r].index * kBlock * 16;
    }
    for (int64_t b = 0; b < n; b += kBlock) {
      const int64_t len = std::min(kBlock, n - b);
      for (size_t r = 0; r < regs_.size(); ++r) {
        if (regs_[r].kind == RegKind::kLeaf) {
          ptr[r] = leaf_data[regs_[r].index] + b * static_cast<int64_t>(ItemSize(regs_[r].dtype));
        }
      }
      for (size_t k = 0; k < program_.size(); ++k) {
        const Instr& ins = program_[k];
        const bool last = k + 1 == program_.size();
        char* out = last && direct ? dst.data + b * out_item : const_cast<char*>(ptr[ins.out]);
        for (size_t a = 0; a < ins.args.size(); ++a) args[a] = ins.args[a] < 0 ? nullptr : ptr[ins.args[a]];
        if (ins.check) DZ_RETURN_IF_ERROR(ins.check(args, len));
        if (ins.cast) ins.cast(args[0], out, len);
        else ins.kernel(ins.params, args, out, len);
      }
      if (!direct) ScatterFlat(ptr[result_], b, len, dst);
    }
    return Status::Ok();
  }

  int64_t ScratchBytes(const Box& box) const override {
    int64_t bytes = temp_count_ * kBlock * 16;
    for (const Node* leaf : leaves_) {
      bytes += box.size() * static_cast<int64_t>(ItemSize(leaf->dtype())) + leaf->ScratchBytes(box);
    }
    return bytes;
  }

 private:
  int AddReg(DType dtype, RegKind kind, size_t index) {
    regs_.push_back(Reg{dtype, kind, index});
    return static_cast<int>(regs_.size() - 1);
  }

  // Returns the register holding node `index`'s values.
  Result<int> CompileNode(const Json& nodes, int64_t index, const LeafBuilder& leaf) {
    if (auto it = node_regs_.find(index); it != node_regs_.end()) return it->second;
    if (index < 0 || static_cast<size_t>(index) >= nodes.size()) {
      return Error(ErrorCode::kInternal, "job spec: ew arg refers to a missing node");
    }
    const Json& spec = nodes[static_cast<size_t>(index)];
    if (spec.value("kind", "") != "ew") {
      DZ_ASSIGN_OR_RETURN(const Node* node, leaf(index));
      if (node->shape() != shape()) return Error(ErrorCode::kInternal, "job spec: ew input shape differs from the node's");
      leaves_.push_back(node);
      const int reg = AddReg(node->dtype(), RegKind::kLeaf, leaves_.size() - 1);
      node_regs_[index] = reg;
      return reg;
    }
    Shape shape;
    DType dtype;
    DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
    if (shape != this->shape()) return Error(ErrorCode::kInternal, "job spec: fused ew nodes differ in shape");
    DZ_ASSIGN_OR_RETURN(std::string op_name, JsonString(spec, "op"));
    const Json& args = spec.contains("args") ? spec["args"] : Json();
    if (const EwOpEntry* entry = FindEwOp(op_name)) return CompileRegistered(nodes, index, leaf, *entry, spec, dtype);
    DZ_ASSIGN_OR_RETURN(EwOp op, ParseEwOp(op_name));
    if (!args.is_array() || static_cast<int>(args.size()) != EwArity(op)) {
      return Error(ErrorCode::kInternal, "job spec: ew '" + op_name + "' has the wrong number of args");
    }
    Instr ins;
    ins.op = op;
    ins.params.decimals = static_cast<int>(spec.value("decimals", int64_t{0}));
    for (size_t a = 0; a < args.size(); ++a) {
      // The dtype each arg must have (lib/job/job-spec.ts).
      const bool cond = op == EwOp::kWhere && a == 0;
      const DType want = cond ? DType::kBool : dtype;
      if (args[a].is_null()) {
        if (op != EwOp::kClip || a == 0) return Error(ErrorCode::kInternal, "job spec: null ew arg");
        ins.args.push_back(-1);
      } else if (args[a].is_string()) {
        DZ_ASSIGN_OR_RETURN(std::vector<char> one, ParseScalar(args[a].get<std::string>(), want));
        std::vector<char> block(static_cast<size_t>(kBlock) * one.size());
        for (int64_t k = 0; k < kBlock; ++k) std::memcpy(block.data() + k * one.size(), one.data(), one.size());
        consts_.push_back(std::move(block));
        ins.args.push_back(AddReg(want, RegKind::kConst, consts_.size() - 1));
      } else if (args[a].is_number_integer()) {
        if (args[a].get<int64_t>() >= index) return Error(ErrorCode::kInternal, "job spec: ew node reads a later node");
        DZ_ASSIGN_OR_RETURN(int reg, CompileNode(nodes, args[a].get<int64_t>(), leaf));
        const DType got = regs_[static_cast<size_t>(reg)].dtype;
        const bool free_dtype = op == EwOp::kCast;
        const bool abs_complex = op == EwOp::kAbs && IsComplex(got) &&
                                 dtype == (got == DType::kComplex64 ? DType::kFloat32 : DType::kFloat64);
        if (!free_dtype && !abs_complex && got != want) {
          return Error(ErrorCode::kInternal, "job spec: ew '" + op_name + "' arg " + std::to_string(a) + " is " +
                                                 DTypeName(got) + ", expected " + DTypeName(want));
        }
        ins.args.push_back(reg);
      } else {
        return Error(ErrorCode::kInternal, "job spec: ew arg must be a node index, a string or null");
      }
    }
    if (op == EwOp::kClip) {
      // Scalar bounds that are not NaN allow the plain max/min loop.
      bool plain = true;
      for (size_t a = 1; a < 3; ++a) {
        if (args[a].is_null()) continue;
        if (!args[a].is_string()) plain = false;
        else if (IsFloat(dtype)) {
          const double v = std::strtod(args[a].get<std::string>().c_str(), nullptr);
          plain = plain && !std::isnan(v);
        }
      }
      ins.params.bounds_not_nan = plain;
    }
    const DType arg0 = regs_[static_cast<size_t>(ins.args[0])].dtype;
    if (op == EwOp::kCast) {
      ins.cast = GetCastFn(arg0, dtype);
    } else {
      DZ_ASSIGN_OR_RETURN(ins.kernel, GetEwKernel(op, dtype, arg0));
    }
    ins.out = AddReg(dtype, RegKind::kTemp, static_cast<size_t>(temp_count_++));
    program_.push_back(std::move(ins));
    node_regs_[index] = program_.back().out;
    return program_.back().out;
  }

  // An op of the registry (kernels/ew_registry.h): spec.argDtypes gives
  // each arg's dtype (the loop TypeScript picked), literals parse into it.
  Result<int> CompileRegistered(const Json& nodes, int64_t index, const LeafBuilder& leaf, const EwOpEntry& entry,
                                const Json& spec, DType dtype) {
    const std::string name = entry.name;
    const Json& args = spec.contains("args") ? spec["args"] : Json();
    const Json& arg_dtypes = spec.contains("argDtypes") ? spec["argDtypes"] : Json();
    if (!args.is_array() || static_cast<int>(args.size()) != entry.arity || !arg_dtypes.is_array() ||
        arg_dtypes.size() != args.size()) {
      return Error(ErrorCode::kInternal, "job spec: ew '" + name + "' needs " + std::to_string(entry.arity) +
                                             " args and as many argDtypes");
    }
    Instr ins;
    ins.op = EwOp::kRegistered;
    std::vector<DType> want(args.size());
    for (size_t a = 0; a < args.size(); ++a) {
      if (!arg_dtypes[a].is_string()) return Error(ErrorCode::kInternal, "job spec: argDtypes must be dtype names");
      DZ_ASSIGN_OR_RETURN(want[a], ParseDType(arg_dtypes[a].get<std::string>()));
      if (args[a].is_string()) {
        DZ_ASSIGN_OR_RETURN(std::vector<char> one, ParseScalar(args[a].get<std::string>(), want[a]));
        std::vector<char> block(static_cast<size_t>(kBlock) * one.size());
        for (int64_t k = 0; k < kBlock; ++k) std::memcpy(block.data() + k * one.size(), one.data(), one.size());
        consts_.push_back(std::move(block));
        ins.args.push_back(AddReg(want[a], RegKind::kConst, consts_.size() - 1));
      } else if (args[a].is_number_integer() && args[a].get<int64_t>() < index) {
        DZ_ASSIGN_OR_RETURN(int reg, CompileNode(nodes, args[a].get<int64_t>(), leaf));
        if (regs_[static_cast<size_t>(reg)].dtype != want[a]) {
          return Error(ErrorCode::kInternal, "job spec: ew '" + name + "' arg " + std::to_string(a) + " is " +
                                                 DTypeName(regs_[static_cast<size_t>(reg)].dtype) + ", expected " +
                                                 DTypeName(want[a]));
        }
        ins.args.push_back(reg);
      } else {
        return Error(ErrorCode::kInternal, "job spec: ew '" + name + "' arg must be an earlier node or a literal");
      }
    }
    if (spec.contains("values")) {
      const Json& values = spec["values"];
      if (!values.is_array() || want.empty()) return Error(ErrorCode::kInternal, "job spec: ew values must be a list");
      for (const Json& v : values) {
        if (!v.is_string()) return Error(ErrorCode::kInternal, "job spec: ew values must be literals");
        DZ_ASSIGN_OR_RETURN(std::vector<char> one, ParseScalar(v.get<std::string>(), want[0]));
        ins.params.values.insert(ins.params.values.end(), one.begin(), one.end());
      }
    }
    ins.params.right = spec.value("right", false);
    DZ_ASSIGN_OR_RETURN(ins.kernel, entry.get(dtype, want));
    if (entry.check) ins.check = entry.check(want);
    ins.out = AddReg(dtype, RegKind::kTemp, static_cast<size_t>(temp_count_++));
    program_.push_back(std::move(ins));
    node_regs_[index] = program_.back().out;
    return program_.back().out;
  }

  std::vector<const Node*> leaves_;
  std::vector<Reg> regs_;
  std::vector<std::vector<char>> consts_;  // kBlock copies of each scalar
  std::vector<Instr> program_;
  std::map<int64_t, int> node_regs_;       // spec node → register (a shared subtree is computed once)
  int64_t temp_count_ = 0;
  int result_ = -1;
};

}  // namespace

Result<std::unique_ptr<Node>> MakeElementwiseNode(const Json& nodes, int64_t index, const LeafBuilder& leaf) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(nodes[static_cast<size_t>(index)], &shape, &dtype));
  auto node = std::make_unique<ElementwiseNode>(std::move(shape), dtype);
  DZ_RETURN_IF_ERROR(node->Compile(nodes, index, leaf));
  return std::unique_ptr<Node>(std::move(node));
}

}  // namespace dz
