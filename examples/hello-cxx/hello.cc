// examples/hello-cxx — a small C++ program for WASI, built with wasmbox-c++: std::string,
// std::vector, std::map, <algorithm> and iostreams from libc++, compiled without exceptions.
#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

namespace {

// Counts the words of a text, case-folded, punctuation dropped.
std::map<std::string, int> word_counts(const std::string &text)
{
  std::map<std::string, int> counts;
  std::istringstream in(text);
  std::string word;
  while (in >> word) {
    std::string clean;
    for (char c : word)
      if (std::isalpha(static_cast<unsigned char>(c)))
        clean += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!clean.empty())
      ++counts[clean];
  }
  return counts;
}

}  // namespace

int main(int argc, char **argv)
{
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string who = args.empty() ? "WASI" : args.front();
  std::cout << "Hello, " << who << "! (C++, compiled by wasmbox-c++)\n";

  std::vector<int> squares(10);
  std::iota(squares.begin(), squares.end(), 1);
  std::transform(squares.begin(), squares.end(), squares.begin(), [](int x) { return x * x; });
  std::cout << "sum of the first 10 squares: "
            << std::accumulate(squares.begin(), squares.end(), 0) << '\n';

  auto counts = word_counts("The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs!");
  std::vector<std::pair<std::string, int>> top(counts.begin(), counts.end());
  std::stable_sort(top.begin(), top.end(),
                   [](const auto &a, const auto &b) { return a.second > b.second; });
  std::cout << counts.size() << " distinct words; most frequent:";
  for (size_t i = 0; i < 3 && i < top.size(); i++)
    std::cout << ' ' << top[i].first << '=' << top[i].second;
  std::cout << '\n';

  std::string joined;
  for (const auto &a : args)
    joined += (joined.empty() ? "" : ", ") + a;
  std::cout << "arguments: " << (joined.empty() ? "(none)" : joined) << std::endl;
  return 0;
}
