// The Sway function app (Functions/) on the Flex Consumption plan, .NET 10 isolated. It runs as the user-assigned
// identity and reaches everything with it: identity-based settings for the host's storage and Sway's, Entra
// authentication for Application Insights, Key Vault references for secrets. No key or connection string is set.

param name string
param planName string
param location string
param tags object

@description('The azd service this app hosts (azure.yaml).')
param serviceName string

param identityId string
param identityClientId string

param blobEndpoint string
param queueEndpoint string
param tableEndpoint string

@description('The table endpoints of the further storage accounts (Storage:Accounts), SwayStorage1 … in order.')
param dataTableEndpoints array = []
param deploymentContainerName string

param applicationInsightsConnectionString string
param vaultName string

@description('App settings whose values are Key Vault secrets: each setting reads the secret of the same name with "_" as "-" (Connectors__Mastodon__Token reads Connectors--Mastodon--Token).')
param secretSettings string[]

@description('When PullActivity runs (six-field NCRONTAB, UTC).')
param pullSchedule string

@description('When NightlyRescore runs (six-field NCRONTAB, UTC).')
param rescoreSchedule string

@description('The webhook retry schedule (Webhooks__RetrySchedule).')
param webhookRetrySchedule string

@description('Pull the synthetic demo population (for trying a deployment out; off for real use).')
param demoEnabled bool

@description('Mastodon instances (domains) whose linked accounts Sway pulls; each instance\'s optional token is a secret setting Connectors__Mastodon__Instances__N__Token.')
param mastodonInstances string[]

@description('Pull Bluesky through the public AppView (Connectors__Bluesky__Enabled).')
param blueskyEnabled bool

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('The subnet for outbound traffic (the private option). Empty: none.')
param subnetId string

var settings = {
  // The Functions host's own storage (timer leases, keys, the queue trigger's bookkeeping).
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: blobEndpoint
  AzureWebJobsStorage__queueServiceUri: queueEndpoint
  AzureWebJobsStorage__tableServiceUri: tableEndpoint

  // Sway's data: read by Core's storage registration and by the ScoreProfile queue trigger (Connection = "SwayStorage").
  SwayStorage__credential: 'managedidentity'
  SwayStorage__clientId: identityClientId
  SwayStorage__queueServiceUri: queueEndpoint
  SwayStorage__tableServiceUri: tableEndpoint
  Storage__Accounts: string(1 + length(dataTableEndpoints))

  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

  // The timer triggers read %PULL_SCHEDULE% and %RESCORE_SCHEDULE%; Core validates the same values at start-up.
  PULL_SCHEDULE: pullSchedule
  RESCORE_SCHEDULE: rescoreSchedule
  Schedules__Pull: pullSchedule
  Schedules__Rescore: rescoreSchedule

  Ingestion__Demo__Enabled: string(demoEnabled)

  // Webhook delivery (DeliverWebhook): https receivers on public addresses only, 15 s per attempt.
  Webhooks__RetrySchedule: webhookRetrySchedule
  Webhooks__Timeout: '00:00:15'
  Webhooks__AllowLoopback: 'false'
}

// Connectors are settings, never code: the instances and services to read; their tokens are Key Vault secrets.
var connectorSettings = union(
  toObject(range(0, length(mastodonInstances)), i => 'Connectors__Mastodon__Instances__${i}__Domain', i => mastodonInstances[i]),
  { Connectors__Bluesky__Enabled: blueskyEnabled ? 'true' : 'false' }
)

// A live network needs the pseudonym key (Privacy__PseudonymKey, at least 32 characters): a Key Vault secret, set once
// before the first deployment that enables a connector, and never rotated casually (see README).
var liveSecrets = length(mastodonInstances) > 0 || blueskyEnabled ? ['Privacy__PseudonymKey'] : []

var secretReferences = toObject(
  union(liveSecrets, secretSettings),
  setting => setting,
  setting => '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${replace(setting, '_', '-')})'
)

// The further storage accounts (Storage:Accounts = 1 + their number): SwayStorage1 … by the same identity, tables only.
var dataStorageSettings = reduce(range(0, length(dataTableEndpoints)), {}, (all, i) => union(all, {
  'SwayStorage${i + 1}__tableServiceUri': dataTableEndpoints[i]
  'SwayStorage${i + 1}__credential': 'managedidentity'
  'SwayStorage${i + 1}__clientId': identityClientId
}))

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: union(settings, dataStorageSettings, connectorSettings, secretReferences)
  }

  // Deployment and management use Entra ID only: no FTP or basic-auth publishing credentials.
  resource ftp 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scm 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'
