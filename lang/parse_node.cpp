// Node's memory: one free list a thread, given back to the heap when the thread ends.
#include "parse_node.hpp"

#include <new>

namespace cptrules::lang {

namespace {

// The nodes this thread dropped, linked through their own first bytes.
class FreeNodes {
 public:
  FreeNodes() = default;
  FreeNodes(const FreeNodes&) = delete;
  FreeNodes& operator=(const FreeNodes&) = delete;
  ~FreeNodes() {
    while (head_ != nullptr) {
      Link* next = head_->next;
      ::operator delete(static_cast<void*>(head_));
      head_ = next;
    }
  }

  void* take() {
    if (head_ == nullptr)
      return ::operator new(sizeof(Node));
    Link* node = head_;
    head_ = node->next;
    return node;
  }

  void give(void* node) noexcept { head_ = ::new (node) Link{head_}; }

 private:
  struct Link {
    Link* next;
  };
  static_assert(sizeof(Link) <= sizeof(Node) && alignof(Link) <= alignof(Node));
  Link* head_ = nullptr;
};

thread_local FreeNodes free_nodes;

}  // namespace

void* Node::operator new(std::size_t size) {
  // A class derived from Node is larger: it is not pooled.
  return size == sizeof(Node) ? free_nodes.take() : ::operator new(size);
}

void Node::operator delete(void* node, std::size_t size) noexcept {
  if (size == sizeof(Node)) {
    free_nodes.give(node);
  } else {
    ::operator delete(node);
  }
}

}  // namespace cptrules::lang
