#include <doctest/doctest.h>

#include <map>

#include "store/remote_util.h"
#include "store/store.h"

using namespace dz;

TEST_CASE("ParseUrl splits scheme, authority and path") {
  auto u = ParseUrl("HTTP://127.0.0.1:8080/a/b.zarr").take();
  CHECK(u.scheme == "http");
  CHECK(u.authority == "127.0.0.1:8080");
  CHECK(u.path == "/a/b.zarr");
  CHECK(ParseUrl("s3://bucket").take().path == "");
  CHECK(!ParseUrl("no-scheme").ok());
  CHECK(!ParseUrl("http:///path").ok());
  CHECK(!ParseUrl("http://h/a?x=1").ok());
}

TEST_CASE("ParseS3Url trims the prefix") {
  auto loc = ParseS3Url("s3://bkt/some/prefix/").take();
  CHECK(loc.bucket == "bkt");
  CHECK(loc.prefix == "some/prefix");
  CHECK(ParseS3Url("s3://bkt").take().prefix == "");
  CHECK(!ParseS3Url("http://bkt/x").ok());
}

TEST_CASE("IsRemoteLocation") {
  CHECK(IsRemoteLocation("s3://b/p"));
  CHECK(IsRemoteLocation("https://h/p"));
  CHECK(!IsRemoteLocation("/tmp/a.zarr"));
  CHECK(!IsRemoteLocation("file:///tmp/a"));
  CHECK(!IsRemoteLocation("/tmp/odd://name"));
}

TEST_CASE("PercentEncode keeps unreserved characters") {
  CHECK(PercentEncodePath("c/0/1") == "c/0/1");
  CHECK(PercentEncodePath("a b/.zarray") == "a%20b/.zarray");
  CHECK(PercentEncodeQuery("p/q") == "p%2Fq");
}

TEST_CASE("ResolveS3Options: options win over the environment, path-style with an endpoint") {
  std::map<std::string, std::string> vars = {{"AWS_ACCESS_KEY_ID", "envkey"}, {"AWS_SECRET_ACCESS_KEY", "envsecret"},
                                             {"AWS_DEFAULT_REGION", "eu-west-1"}};
  auto env = [&](const char* n) { return vars.count(n) ? vars[n] : std::string(); };
  auto o = ResolveS3Options(Json::object(), env).take();
  CHECK(o.access_key_id == "envkey");
  CHECK(o.region == "eu-west-1");
  CHECK(o.virtual_hosted);
  CHECK(S3ObjectUrl(o, "bkt", "p/zarr.json") == "https://bkt.s3.eu-west-1.amazonaws.com/p/zarr.json");
  Json so = {{"endpoint", "http://127.0.0.1:9000/"}, {"accessKeyId", "k"}, {"secretAccessKey", "s"}, {"region", "r1"}};
  o = ResolveS3Options(so, env).take();
  CHECK(o.access_key_id == "k");
  CHECK(o.region == "r1");
  CHECK(!o.virtual_hosted);
  CHECK(S3ObjectUrl(o, "bkt", "c/0") == "http://127.0.0.1:9000/bkt/c/0");
  so["virtualHostedStyle"] = true;
  CHECK(S3ObjectUrl(ResolveS3Options(so, env).take(), "bkt", "c/0") == "http://bkt.127.0.0.1:9000/c/0");
  vars["AWS_ENDPOINT_URL"] = "http://localhost:1";
  CHECK(!ResolveS3Options(Json::object(), env).take().virtual_hosted);
  CHECK(ResolveS3Options(Json{{"endpoint", "ftp://x"}}, env).status().code() == ErrorCode::kInvalidArgument);
  CHECK(ResolveS3Options(Json{{"region", 3}}, env).status().code() == ErrorCode::kInvalidArgument);
  CHECK(ResolveS3Options(Json{{"accessKeyId", "k"}, {"secretAccessKey", ""}}, [](const char*) { return std::string(); })
            .status()
            .code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("MergeAdjacentRanges joins only ranges that touch") {
  auto runs = MergeAdjacentRanges({{0, 10}, {10, 5}, {20, 4}, {24, 1}, {30, 2}});
  REQUIRE(runs.size() == 3);
  CHECK(runs[0].offset == 0);
  CHECK(runs[0].length == 15);
  CHECK(runs[0].first == 0);
  CHECK(runs[0].count == 2);
  CHECK(runs[1].offset == 20);
  CHECK(runs[1].length == 5);
  CHECK(runs[1].first == 2);
  CHECK(runs[2].count == 1);
  CHECK(MergeAdjacentRanges({}).empty());
  // Two entries pointing at the same bytes are two reads, never a negative gap.
  CHECK(MergeAdjacentRanges({{0, 8}, {0, 8}}).size() == 2);
}

TEST_CASE("BackoffDelayMs doubles from 100 ms up to 2 s, jittered over the upper half") {
  CHECK(BackoffDelayMs(0, 0.0) == 50);
  CHECK(BackoffDelayMs(0, 0.999) == 99);
  CHECK(BackoffDelayMs(1, 0.0) == 100);
  CHECK(BackoffDelayMs(2, 0.0) == 200);
  CHECK(BackoffDelayMs(10, 0.0) == 1000);
  CHECK(BackoffDelayMs(10, 1.0) == 2000);
  CHECK(RetryableHttpStatus(500));
  CHECK(RetryableHttpStatus(503));
  CHECK(RetryableHttpStatus(429));
  CHECK(!RetryableHttpStatus(404));
  CHECK(!RetryableHttpStatus(403));
}

TEST_CASE("ParseContentRange and the XML pieces of S3 answers") {
  uint64_t a = 0, b = 0, t = 0;
  CHECK(ParseContentRange(" bytes 100-199/200", &a, &b, &t));
  CHECK(a == 100);
  CHECK(b == 199);
  CHECK(t == 200);
  CHECK(!ParseContentRange("bytes */200", &a, &b, &t));
  CHECK(!ParseContentRange("bytes 5-3/200", &a, &b, &t));
  const std::string xml =
      "<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>p/a&amp;b</Key></Contents>"
      "<Contents><Key>p/c/0</Key></Contents><NextContinuationToken>tok</NextContinuationToken></ListBucketResult>";
  CHECK(XmlAll(xml, "Key") == std::vector<std::string>{"p/a&b", "p/c/0"});
  CHECK(XmlFirst(xml, "NextContinuationToken") == "tok");
  CHECK(XmlFirst(xml, "Missing") == "");
}
