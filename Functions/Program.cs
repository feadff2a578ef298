using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sway;
using Sway.Http;
using Sway.Storage;

// The Azure Functions host: the trigger classes in this project, everything else from Core.
// Storage:NamePrefix must stay empty here: the queue trigger's queue name is a compile-time constant.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSwayCore(builder.Configuration);
builder.Services.AddSwayHttp(); // the HTTP handlers' results serialize with Sway's JSON shape, as in the local host

var host = builder.Build();

// Tables and queues exist before the first trigger fires (idempotent; infrastructure may have created them already).
await host.Services.GetRequiredService<SwayStorage>().EnsureCreatedAsync();
await host.RunAsync();
