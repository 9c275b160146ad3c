// The codec bound of a Zarr round trip: the CPU time of decoding every stored
// chunk and encoding every decoded chunk with libzstd at the given level, on
// one thread, with the chunk files read into memory first so file I/O is not
// counted. It uses one context each way, reused, as the engine does; the
// encoder's parameters are the engine's (level, no checksum).
//
// usage: codec_bound <level> <chunk file>...   (built by bench/run.js codecbound)
// prints {"seconds" (wall), "cpuSeconds", "decodeSeconds", "encodeSeconds", "chunks", "storedBytes",
//         "decodedBytes", "encodedBytes"} as one JSON line.
#include <zstd.h>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

static double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static double CpuNow() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void Fail(const std::string& why) {
  std::fprintf(stderr, "codec_bound: %s\n", why.c_str());
  std::exit(1);
}

int main(int argc, char** argv) {
  if (argc < 3) Fail("usage: codec_bound <level> <chunk file>...");
  const int level = std::atoi(argv[1]);
  std::vector<std::vector<char>> stored;
  size_t stored_bytes = 0, largest = 0;
  for (int i = 2; i < argc; ++i) {
    std::ifstream f(argv[i], std::ios::binary);
    if (!f) Fail(std::string("cannot open ") + argv[i]);
    stored.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    const unsigned long long n = ZSTD_getFrameContentSize(stored.back().data(), stored.back().size());
    if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN) Fail(std::string("no content size in ") + argv[i]);
    if (n > largest) largest = n;
    stored_bytes += stored.back().size();
  }
  std::vector<char> decoded(largest), encoded(ZSTD_compressBound(largest));
  ZSTD_DCtx* d = ZSTD_createDCtx();
  ZSTD_CCtx* c = ZSTD_createCCtx();
  double decode_s = 0, encode_s = 0;
  const double cpu0 = CpuNow();
  size_t decoded_bytes = 0, encoded_bytes = 0;
  for (const auto& s : stored) {
    const double t0 = Now();
    const size_t n = ZSTD_decompressDCtx(d, decoded.data(), decoded.size(), s.data(), s.size());
    if (ZSTD_isError(n)) Fail(ZSTD_getErrorName(n));
    const double t1 = Now();
    ZSTD_CCtx_reset(c, ZSTD_reset_session_and_parameters);
    ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 0);
    const size_t m = ZSTD_compress2(c, encoded.data(), encoded.size(), decoded.data(), n);
    if (ZSTD_isError(m)) Fail(ZSTD_getErrorName(m));
    const double t2 = Now();
    decode_s += t1 - t0;
    encode_s += t2 - t1;
    decoded_bytes += n;
    encoded_bytes += m;
  }
  const double cpu_s = CpuNow() - cpu0;
  ZSTD_freeDCtx(d);
  ZSTD_freeCCtx(c);
  std::printf("{\"seconds\":%.6f,\"cpuSeconds\":%.6f,\"decodeSeconds\":%.6f,\"encodeSeconds\":%.6f,\"chunks\":%zu,"
              "\"storedBytes\":%zu,\"decodedBytes\":%zu,\"encodedBytes\":%zu}\n",
              decode_s + encode_s, cpu_s, decode_s, encode_s, stored.size(), stored_bytes, decoded_bytes, encoded_bytes);
  return 0;
}
