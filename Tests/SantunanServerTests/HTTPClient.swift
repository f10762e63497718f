import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A plain HTTP client on loopback (URLSession), as an online channel or a branch system would call the service.
struct HTTPClient: Sendable {
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        }
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    let port: Int

    struct BadPath: Error {
        var path: String
    }

    func call(
        _ method: String, _ path: String, token: String? = nil, body: Data? = nil, headers: [String: String] = [:]
    ) async throws -> Reply {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else {
            throw BadPath(path: path)
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        // Long on purpose: these tests assert outcomes, not speed (speed lives in `santunan-bench service`). In the
        // whole suite on two cores, the crash tests' blocking waits can hold the in-process server's threads for
        // minutes; a 60 s timeout turned that into failures that were not the service's.
        request.timeoutInterval = 900
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            fields["\(key)"] = "\(value)"
        }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    func call(_ method: String, _ path: String, token: String? = nil, json: [String: Any]) async throws -> Reply {
        try await call(method, path, token: token, body: try JSONSerialization.data(withJSONObject: json))
    }
}
