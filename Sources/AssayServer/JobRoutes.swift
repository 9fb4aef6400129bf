import AssayCore
import AssayStore
import HTTPTypes
import Hummingbird
import NIOCore

extension AssayService {
    /// `/v1/jobs`: submit, inspect, follow (server-sent events) and cancel jobs of any kind.
    /// Jobs are never deleted: their verdicts are part of the store's history.
    func addJobRoutes(to router: Router<BasicRequestContext>) {
        router.post(routes.add(.post, "/v1/jobs")) { request, _ -> Response in
            let body = try await RequestJSON.object(request, limit: self.configuration.maxBodyBytes)
            let kind = try body.string("kind")
            guard let handler = self.jobHandlers[kind] else {
                throw APIError.invalid(
                    "unknown job kind \"\(kind)\"; this server runs: \(self.jobHandlers.keys.sorted().joined(separator: ", "))")
            }
            return try await self.submit(body, handler: handler, request: request)
        }
        router.get(routes.add(.get, "/v1/jobs/:id")) { _, context -> Response in
            JSONResponse.make(try await self.existingJob(context).json)
        }
        router.post(routes.add(.post, "/v1/jobs/:id/cancel")) { _, context -> Response in
            let job = try await self.existingJob(context)
            let updated = try await self.storeCall { try await self.store.setState(.cancelled, jobID: job.id) }
            if updated.state == .cancelled && job.state != .cancelled {
                self.events.publish(.update(updated))
                self.metrics.recordJob(kind: updated.kind, state: "cancelled")
            }
            return JSONResponse.make(updated.json)
        }
        router.get(routes.add(.get, "/v1/jobs/:id/results")) { request, context -> Response in
            let job = try await self.existingJob(context)
            let query = request.uri.queryParameters
            let offset = try Self.queryInteger(query["offset"].map(String.init), name: "offset", default: 0, in: 0...Int(Int32.max))
            let limit = try Self.queryInteger(query["limit"].map(String.init), name: "limit", default: 1000, in: 1...10000)
            let results = try await self.storeCall { try await self.store.jobResults(jobID: job.id, offset: offset, limit: limit) }
            let items: [JSONValue] = results.map { entry in
                var object = JSONObject([("position", .number(Double(entry.position)))])
                if let stored = entry.verdict {
                    let rendered = CheckResult(verdictID: stored.id, outcome: CheckOutcome(stored: stored), cached: false).json()
                    object["verdict"] = rendered
                } else {
                    object["verdict"] = .null
                }
                return .object(object)
            }
            return JSONResponse.make(.object(JSONObject([("job", job.json), ("offset", .number(Double(offset))), ("results", .array(items))])))
        }
        router.get(routes.add(.get, "/v1/jobs/:id/events")) { _, context -> Response in
            let job = try await self.existingJob(context)
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: self.eventStream(jobID: job.id))
        }
    }

    /// Stores a submission of `handler`'s kind and wakes the runner: 202 with the job.
    func submit(_ body: FieldReader, handler: any JobHandler, request: Request) async throws -> Response {
        try body.rejectUnknown(handler.submissionFields.union(["kind", "run", "step"]))
        let target = try RunTarget.resolve(body: body, request: request, defaultRun: configuration.defaultRun)
        let (items, options) = try handler.parse(body, maxItems: configuration.maxJobItems)
        let waiting = try await storeCall { try await self.store.jobs(in: [.queued]).count }
        guard waiting < configuration.maxQueuedJobs else {
            metrics.recordRefusal(reason: "jobs_full")
            throw APIError.busy("\(waiting) jobs are already waiting; retry later", retryAfter: 5)
        }
        let job = try await storeCall {
            let run = try await self.pipeline.runs.handle(for: target.run, domain: handler.kind)
            return try await self.store.createJob(
                kind: handler.kind, run: run, step: target.step, options: options,
                items: items.map { ($0.problem, $0.candidate) })
        }
        metrics.recordJob(kind: job.kind, state: "submitted")
        jobs.notify()
        var response = JSONResponse.make(status: .accepted, job.json)
        response.headers[.location] = "/v1/jobs/\(job.id)"
        return response
    }

    func existingJob(_ context: BasicRequestContext) async throws(APIError) -> JobRecord {
        let id = context.parameters.get("id") ?? ""
        guard let job = try await storeCall({ try await self.store.job(id: id) }) else {
            throw APIError(status: .notFound, code: "not_found", message: "no job with id \(id)")
        }
        return job
    }

    func storeCall<T: Sendable>(_ body: () async throws -> T) async throws(APIError) -> T {
        do {
            return try await body()
        } catch let error as APIError {
            throw error
        } catch let error as StoreError {
            throw CheckPipeline.storeFailure(error)
        } catch {
            throw CheckPipeline.storeFailure(StoreError("\(error)"))
        }
    }

    static func queryInteger(_ text: String?, name: String, default value: Int, in range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw .invalid("query parameter \"\(name)\" must be an integer in \(range.lowerBound)...\(range.upperBound), found \"\(text)\"")
        }
        return number
    }

    /// Server-sent events for one job: `progress` after every stored chunk, then one
    /// `done` (the job finished) or `interrupted` (the server is shutting down; the job
    /// resumes after a restart).
    func eventStream(jobID: String) -> ResponseBody {
        ResponseBody { writer in
            // Subscribe before reading the state, so no update can fall between the two.
            let updates = self.events.subscribe(jobID: jobID)
            guard let job = try await self.store.job(id: jobID) else {
                try await writer.finish(nil)
                return
            }
            try await writer.write(Self.event(job.state.isFinished ? "done" : "progress", job))
            if !job.state.isFinished {
                for await event in updates {
                    switch event {
                    case .update(let record):
                        try await writer.write(Self.event(record.state.isFinished ? "done" : "progress", record))
                    case .interrupted(let record):
                        try await writer.write(Self.event("interrupted", record))
                    }
                }
            }
            try await writer.finish(nil)
        }
    }

    static func event(_ name: String, _ job: JobRecord) -> ByteBuffer {
        ByteBuffer(string: "event: \(name)\ndata: \(job.json.jsonText)\n\n")
    }
}
