// Node: a node of the parse tree, made from a free list of its thread's own rather than the heap.
#pragma once

#include <cstddef>

#include <tao/pegtl/contrib/parse_tree.hpp>

namespace cptrules::lang {

// The parser makes a node for every attempt at a rule the tree keeps and drops it when the
// attempt fails, and drops the whole tree once a declaration is built from it: tens of
// thousands of nodes for the standard rules, most of them short-lived. They are all of one
// size, so a node's memory goes back to a list of its thread's own when it is dropped and is
// taken from there by the next; the list's memory goes back to the heap when the thread ends.
struct Node : tao::pegtl::parse_tree::basic_node<Node> {
  static void* operator new(std::size_t size);
  static void operator delete(void* node, std::size_t size) noexcept;
};

}  // namespace cptrules::lang
