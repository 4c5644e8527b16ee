// Parse-only reference: simdjson's On-Demand API walks every message's content in a JSONL
// corpus and sums the content lengths, so no parsing work can be skipped.
#include <simdjson.h>
#include <cstdio>

int main(int argc, char **argv) {
    if (argc < 2) { std::fprintf(stderr, "usage: simdjson_walk FILE.jsonl\n"); return 2; }
    simdjson::padded_string json;
    if (simdjson::padded_string::load(argv[1]).get(json)) { std::fprintf(stderr, "cannot read %s\n", argv[1]); return 2; }
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document_stream stream;
    if (parser.iterate_many(json, 1 << 24).get(stream)) { std::fprintf(stderr, "bad input\n"); return 2; }
    size_t conversations = 0, contentBytes = 0;
    for (auto document : stream) {
        simdjson::ondemand::array messages;
        if (document["messages"].get_array().get(messages)) continue;
        conversations++;
        for (auto message : messages) {
            std::string_view content;
            if (!message["content"].get_string().get(content)) contentBytes += content.size();
        }
    }
    std::printf("{\"conversations\": %zu, \"contentBytes\": %zu}\n", conversations, contentBytes);
    return 0;
}
