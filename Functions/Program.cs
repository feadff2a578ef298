using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Sway;
using Sway.Http;

// The Azure Functions host: the trigger classes in this project, everything else from Core.
// Storage:NamePrefix must stay empty here: the queue trigger's queue name is a compile-time constant.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSwayCore(builder.Configuration);
builder.Services.AddSwayHttp(); // the HTTP handlers' results serialize with Sway's JSON shape, as in the local host

// No storage call on the start path: deployment creates every table and queue (infra/; `sway storage init` for an
// account made by hand), so a storage or identity failure cannot crash the worker at start, and cold starts stay cheap.
await builder.Build().RunAsync();
