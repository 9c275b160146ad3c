#include "ew_registry.h"

namespace dz {

const EwOpEntry* FindEwOp(const std::string& name) {
  for (auto family : {EwMathOps, EwArithOps, EwCompareOps, EwBitwiseOps, EwRoundingOps}) {
    for (const EwOpEntry& e : family()) {
      if (name == e.name) return &e;
    }
  }
  return nullptr;
}

}  // namespace dz
