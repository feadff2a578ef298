// A webhook receiver that checks Sway's deliveries with the Standard Webhooks reference library, unchanged
// (npm: standardwebhooks). It answers 204 to a verified event and 400 to anything else, and ignores a repeat of a
// webhook-id it has seen (Sway retries under the same id; a receiver must not act twice).
//
//   SWAY_WEBHOOK_SECRET=whsec_... node docs/webhooks/receiver.mjs [port]
import http from "node:http";
import { Webhook } from "standardwebhooks";

const port = Number(process.argv[2] ?? 8080);
const webhook = new Webhook(process.env.SWAY_WEBHOOK_SECRET);
const seen = new Set();

http.createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    let event;
    try {
      event = webhook.verify(body, request.headers); // signature, and a timestamp within 5 minutes
    } catch (error) {
      console.log(`rejected: ${error.message}`);
      response.writeHead(400).end();
      return;
    }

    const id = request.headers["webhook-id"];
    if (seen.has(id)) {
      console.log(`repeat of ${id} ignored`);
    } else {
      seen.add(id);
      console.log(`verified ${id} ${event.type} ${JSON.stringify(event.data)}`);
    }

    response.writeHead(204).end();
  });
}).listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}/`));
