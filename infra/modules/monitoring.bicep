// Application Insights on a Log Analytics workspace. Local (instrumentation-key) authentication is off: the app
// sends telemetry with its managed identity, which holds Monitoring Metrics Publisher on the component.

param workspaceName string
param applicationInsightsName string
param location string
param tags object

@description('Days the workspace keeps logs (30 is included in the price of ingestion).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

@description('Identifies the component; it authorises nothing while local authentication is off.')
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString
