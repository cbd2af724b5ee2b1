#include "ShimGlobalSubscribers.hpp"
#include <mutex>

namespace ib {

namespace {

std::mutex lock;

std::vector<GlobalSubscriber>& all() {
    static auto* subscribers = new std::vector<GlobalSubscriber>();  // never destroyed: modules outlive statics
    return *subscribers;
}

} // namespace

void subscribeGlobal(CGlobalModule* module, HTTP_MODULE_ID id, const std::string& name, DWORD notifications) {
    std::lock_guard<std::mutex> guard(lock);
    all().push_back(GlobalSubscriber{module, id, name, notifications});
}

void unsubscribeGlobal(CGlobalModule* module) {
    std::lock_guard<std::mutex> guard(lock);
    auto& subscribers = all();
    for (size_t i = subscribers.size(); i-- > 0;) {
        if (subscribers[i].module == module) subscribers.erase(subscribers.begin() + (long)i);
    }
}

std::vector<GlobalSubscriber> globalSubscribers(DWORD notification) {
    std::lock_guard<std::mutex> guard(lock);
    std::vector<GlobalSubscriber> matching;
    for (const auto& subscriber : all()) if (subscriber.notifications & notification) matching.push_back(subscriber);
    return matching;
}

} // namespace ib
