using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Sway;

// The Azure Functions host: the trigger classes in this project, everything else from Core.
// Storage:NamePrefix must stay empty here: the queue trigger's queue name is a compile-time constant.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSwayCore(builder.Configuration);
builder.Build().Run();
