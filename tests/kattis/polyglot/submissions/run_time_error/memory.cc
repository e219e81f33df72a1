// Reaches the memory limit: problemtools (and the format) call that a run-time error.
#include <cstdio>
#include <cstring>
#include <vector>
int main() {
    std::vector<char*> blocks;
    for (int i = 0; i < 8; i++) {
        char *p = new char[64 << 20];
        std::memset(p, 1, 64 << 20);
        blocks.push_back(p);
    }
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", a + b + blocks.size() - 8);
}
