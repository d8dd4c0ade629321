// ParallelEval: windows of whole lines, chunks shared out to threads, records written in order.
#include "parallel_eval.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace cptrules::cli {

namespace {

// Input bytes the main thread reads into one window (whole lines; the last one may go beyond).
constexpr std::size_t kWindowBytes = std::size_t{1} << 20;
// Lines a thread takes from a window at a time: small enough to share out evenly.
constexpr std::size_t kChunkLines = 256;

// Where a line of the window is, and what the reader said of it.
struct LineRef {
  std::size_t offset = 0;
  std::size_t size = 0;
  std::int64_t number = 0;
  bool too_long = false;
  const interp::reader::CsvColumns* csv = nullptr;  // CSV: the header's columns
};

// A run of lines of a window and the records they made.
struct Chunk {
  std::size_t first = 0;  // lines [first, last) of the window
  std::size_t last = 0;
  std::string out;  // the records, formatted as ResultWriter::write_formatted takes them
  interp::BatchSummary summary;  // `summary`: the records, counted instead
  interp::RecordCounts counts;
};

// Lines read by the main thread, shared out to the threads in chunks. A window is filled and
// written only by the main thread, and only while no other thread is inside it.
struct Window {
  std::string text;
  std::vector<LineRef> lines;
  std::vector<Chunk> chunks;  // reused; the first chunk_count are this window's
  std::size_t chunk_count = 0;
  std::atomic<std::size_t> next_chunk{0};
  std::atomic<std::size_t> done_chunks{0};
  int active = 0;  // threads other than the main one inside the window (under the mutex)
};

// What one thread needs to turn lines into records.
struct Worker {
  Worker(std::shared_ptr<const interp::Plan> plan, const interp::EvalOptions& options, bool explain)
      : pipeline(std::move(plan), options, explain) {}
  interp::RecordPipeline pipeline;
  interp::LineParser parser;
};

}  // namespace

struct ParallelEval::Shared {
  interp::OutputFormat format = interp::OutputFormat::jsonl;
  std::vector<std::unique_ptr<Worker>> workers;  // [0] is the main thread's
  std::vector<std::thread> threads;

  std::mutex mutex;
  std::condition_variable work_ready;   // a window was dispatched, or stop
  std::condition_variable window_done;  // a thread left a window
  Window* current = nullptr;            // the window threads may enter
  std::uint64_t generation = 0;         // counts dispatches
  bool stop = false;
  std::exception_ptr error;  // the first exception of any thread

  Window windows[2];

  void process_chunk(const Window& window, Chunk& chunk, Worker& worker) {
    const std::string_view text = window.text;
    constexpr std::size_t kGroup = interp::RecordPipeline::kGroupSize;
    for (std::size_t first = chunk.first; first < chunk.last; first += kGroup) {
      const std::size_t count = std::min(kGroup, chunk.last - first);
      worker.pipeline.next_group(worker.parser, count, [&](std::size_t i) {
        const LineRef& ref = window.lines[first + i];
        interp::RawLine raw;
        raw.text = text.substr(ref.offset, ref.size);
        raw.number = ref.number;
        raw.too_long = ref.too_long;
        raw.csv = ref.csv;
        return raw;
      });
      if (format == interp::OutputFormat::summary)
        worker.pipeline.tally_group(chunk.summary, chunk.counts);
      else
        worker.pipeline.append_group(chunk.out, format, chunk.counts);
    }
  }

  // Takes chunks of `window` until none is left.
  void process(Window& window, Worker& worker) {
    for (;;) {
      const std::size_t i = window.next_chunk.fetch_add(1);
      if (i >= window.chunk_count)
        return;
      try {
        process_chunk(window, window.chunks[i], worker);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mutex);
        if (!error)
          error = std::current_exception();
      }
      window.done_chunks.fetch_add(1);
    }
  }

  void thread_main(Worker& worker) {
    std::uint64_t seen = 0;
    for (;;) {
      Window* window = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex);
        work_ready.wait(lock, [&] { return stop || (current != nullptr && generation != seen); });
        if (stop)
          return;
        seen = generation;
        window = current;
        ++window->active;
      }
      process(*window, worker);
      {
        const std::lock_guard<std::mutex> lock(mutex);
        --window->active;
      }
      window_done.notify_all();
    }
  }

  // Reads whole lines into `window` until it holds kWindowBytes; false when there were none.
  static bool fill(Window& window, interp::EncounterReader& reader) {
    window.text.clear();
    window.lines.clear();
    interp::RawLine raw;
    while (window.text.size() < kWindowBytes && reader.next_raw_line(raw)) {
      window.lines.push_back(
          {window.text.size(), raw.text.size(), raw.number, raw.too_long, raw.csv});
      window.text.append(raw.text);
    }
    const std::size_t lines = window.lines.size();
    window.chunk_count = (lines + kChunkLines - 1) / kChunkLines;
    if (window.chunks.size() < window.chunk_count)
      window.chunks.resize(window.chunk_count);
    for (std::size_t c = 0; c < window.chunk_count; ++c) {
      Chunk& chunk = window.chunks[c];
      chunk.first = c * kChunkLines;
      chunk.last = std::min(lines, chunk.first + kChunkLines);
      chunk.out.clear();
      chunk.summary.clear();
      chunk.counts = {};
    }
    return lines > 0;
  }

  void dispatch(Window& window) {
    window.next_chunk.store(0);
    window.done_chunks.store(0);
    {
      const std::lock_guard<std::mutex> lock(mutex);
      current = &window;
      ++generation;
    }
    work_ready.notify_all();
  }

  // Works on `window` on the main thread too, then waits until every chunk is done and every
  // other thread has left it.
  void complete(Window& window) {
    process(window, *workers.front());
    std::unique_lock<std::mutex> lock(mutex);
    window_done.wait(lock, [&] {
      return window.active == 0 && window.done_chunks.load() == window.chunk_count;
    });
    current = nullptr;  // nobody enters the window again until it is dispatched anew
    if (error)
      std::rethrow_exception(error);
  }
};

ParallelEval::ParallelEval(std::shared_ptr<const interp::Plan> plan,
                           const interp::EvalOptions& options, int jobs,
                           interp::OutputFormat format, bool explain)
    : shared_(std::make_unique<Shared>()) {
  Shared& s = *shared_;
  s.format = format;
  const int count = std::max(jobs, 1);
  for (int i = 0; i < count; ++i)
    s.workers.push_back(std::make_unique<Worker>(plan, options, explain));
  for (int i = 1; i < count; ++i) {
    Worker& worker = *s.workers[static_cast<std::size_t>(i)];
    s.threads.emplace_back([&s, &worker] { s.thread_main(worker); });
  }
}

ParallelEval::~ParallelEval() {
  Shared& s = *shared_;
  {
    const std::lock_guard<std::mutex> lock(s.mutex);
    s.stop = true;
  }
  s.work_ready.notify_all();
  for (std::thread& thread : s.threads)
    thread.join();
}

interp::RecordPipeline& ParallelEval::pipeline() {
  return shared_->workers.front()->pipeline;
}

void ParallelEval::run(interp::EncounterReader& reader, interp::ResultWriter& writer,
                       const std::function<void(std::int64_t)>& written) {
  Shared& s = *shared_;
  Window* ready = &s.windows[0];  // being evaluated
  Window* next = &s.windows[1];   // being read
  if (!Shared::fill(*ready, reader))
    return;
  s.dispatch(*ready);
  for (;;) {
    const bool more = Shared::fill(*next, reader);
    s.complete(*ready);
    if (more)
      s.dispatch(*next);
    std::int64_t records = 0;
    for (std::size_t c = 0; c < ready->chunk_count; ++c) {
      const Chunk& chunk = ready->chunks[c];
      if (s.format == interp::OutputFormat::summary)
        writer.write_summarized(chunk.summary, chunk.counts);
      else
        writer.write_formatted(chunk.out, chunk.counts);
      records += chunk.counts.records;
    }
    if (written)
      written(records);
    if (!more)
      return;
    if (writer.broken_pipe() || writer.write_failed()) {
      s.complete(*next);
      return;
    }
    std::swap(ready, next);
  }
}

}  // namespace cptrules::cli
